package io.tilekv.store.cassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.cassandra.CassandraOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraSettingsTest {
  private static CassandraSettings parse(Map<String, String> options) {
    return CassandraSettings.parse(new StoreConfig("cassandra", options, CassandraOptions.SECRET));
  }

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put(StoreConfig.LOCATION, "10.0.0.1:9142,10.0.0.2");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsAreDocumentedOnes() {
    CassandraSettings s = parse(with());
    assertThat(s.contactPoints()).containsExactly(InetSocketAddress.createUnresolved("10.0.0.1", 9142),
        InetSocketAddress.createUnresolved("10.0.0.2", 9042));
    assertThat(s.keyspace()).isEqualTo("tilekv");
    assertThat(s.localDc()).isEmpty();
    assertThat(s.createKeyspace()).isFalse();
    assertThat(s.replication()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
    assertThat(s.readConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(s.writeConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
    assertThat(s.username()).isEmpty();
    assertThat(s.tls()).isFalse();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxRequestsInFlight()).isEqualTo(256);
    assertThat(s.compaction()).contains("TimeWindowCompactionStrategy").contains("'DAYS'")
        .contains("'compaction_window_size': 1");
    assertThat(s.storeName()).isEqualTo("cassandra://10.0.0.1:9142,10.0.0.2:9042/tilekv");
  }

  @Test
  void everyOptionIsRead() {
    CassandraSettings s = parse(with("keyspace", "features", "localDc", "dc1", "createKeyspace", "true",
        "replication", "dc1:3,dc2:2", "readConsistency", "local_one", "writeConsistency", "EACH_QUORUM",
        "username", "app", "password", "s3cret", "tls", "true", "timeout", "750ms", "maxRequestsInFlight", "32",
        "compaction", "twcs:6h"));
    assertThat(s.keyspace()).isEqualTo("features");
    assertThat(s.localDc()).contains("dc1");
    assertThat(s.createKeyspace()).isTrue();
    assertThat(s.replication()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
    assertThat(s.readConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_ONE);
    assertThat(s.writeConsistency()).isEqualTo(DefaultConsistencyLevel.EACH_QUORUM);
    assertThat(s.username()).contains("app");
    assertThat(s.password()).contains("s3cret");
    assertThat(s.tls()).isTrue();
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(s.maxRequestsInFlight()).isEqualTo(32);
    assertThat(s.compaction()).contains("'HOURS'").contains("'compaction_window_size': 6");
    assertThat(parse(with("compaction", "lcs")).compaction()).contains("LeveledCompactionStrategy");
    assertThat(parse(with("compaction", "stcs")).compaction()).contains("SizeTieredCompactionStrategy");
    assertThat(parse(with("compaction", "ucs")).compaction()).contains("UnifiedCompactionStrategy");
  }

  @Test
  void passwordIsMaskedInEveryDescription() {
    Map<String, String> options = with("username", "app", "password", "s3cret");
    assertThat(parse(options).toString()).doesNotContain("s3cret").contains("password=****");
    assertThat(new StoreConfig("cassandra", options, CassandraOptions.SECRET).toString()).doesNotContain("s3cret");
    assertThat(parse(options).storeName()).doesNotContain("s3cret").doesNotContain("app");
    assertThatThrownBy(() -> KVStores.open("cassandra://app:s3cret@127.0.0.1:9042"))
        .isInstanceOf(KVStoreException.class).satisfies(e -> {
          assertThat(((KVStoreException) e).kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG);
          assertThat(e.getMessage()).doesNotContain("s3cret");
        });
  }

  @Test
  void badValuesAreInvalidConfigNamingTheOption() {
    assertInvalid(with("keyspace", "Has-Dash"), "keyspace");
    assertInvalid(with("readConsistency", "SERIAL"), "readConsistency");
    assertInvalid(with("writeConsistency", "SOME"), "writeConsistency");
    assertInvalid(with("replication", "dc1=3"), "replication");
    assertInvalid(with("replication", "0"), "replication");
    assertInvalid(with("compaction", "dtcs"), "compaction");
    assertInvalid(with("timeout", "0s"), "timeout");
    assertInvalid(with("maxRequestsInFlight", "0"), "maxRequestsInFlight");
    assertInvalid(with("username", "app"), "password");
    assertInvalid(with(StoreConfig.LOCATION, "host:notaport"), "port");
  }

  @Test
  void unknownOptionIsRejectedByName() {
    assertThatThrownBy(() -> KVStores.open("cassandra://127.0.0.1:9042?keyspcae=x"))
        .isInstanceOf(KVStoreException.class).hasMessageContaining("keyspcae");
  }

  @Test
  void ttlsRoundUpToWholeSeconds() {
    assertThat(CassandraKVStore.ttlSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(CassandraKVStore.ttlSeconds(Duration.ofMillis(1_000))).isEqualTo(1);
    assertThat(CassandraKVStore.ttlSeconds(Duration.ofMillis(1_001))).isEqualTo(2);
    assertThat(CassandraKVStore.ttlSeconds(Duration.ofDays(365 * 100))).isEqualTo(630_720_000);
  }

  @Test
  void datasetsMapToDistinctTableNames() {
    assertThat(CassandraSchema.tableName("tiles_v1")).isEqualTo("d_tiles_v1");
    assertThat(CassandraSchema.tableName("tiles.v1")).startsWith("h_tiles_v1_")
        .isNotEqualTo(CassandraSchema.tableName("tiles-v1")).isNotEqualTo(CassandraSchema.tableName("Tiles.v1"));
    String longest = "x".repeat(64);
    assertThat(CassandraSchema.tableName(longest)).hasSizeLessThanOrEqualTo(48);
    assertThat(CassandraSchema.tableName("x".repeat(46))).hasSizeLessThanOrEqualTo(48);
  }

  private static void assertInvalid(Map<String, String> options, String named) {
    assertThatThrownBy(() -> parse(options)).isInstanceOf(KVStoreException.class)
        .hasMessageContaining(named)
        .satisfies(e -> assertThat(((KVStoreException) e).kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG));
  }
}
