package io.tilekv.store.hbase.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HBaseSettingsTest {

  private static HBaseSettings parse(String location, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put(StoreConfig.LOCATION, location);
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return HBaseSettings.parse(new StoreConfig("hbase", map, Set.of()));
  }

  private static void assertInvalid(Runnable parse, String mentioning) {
    assertThatThrownBy(parse::run).isInstanceOfSatisfying(KVStoreException.class, e -> {
      assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG);
      assertThat(e.getMessage()).contains(mentioning);
    });
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    HBaseSettings s = parse("zk1");
    assertThat(s.quorum()).containsExactly("zk1:2181");
    assertThat(s.znode()).isEqualTo("/hbase");
    assertThat(s.namespace()).isEqualTo("tilekv");
    assertThat(s.family()).isEqualTo("t");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.presplit()).isEqualTo(1);
    assertThat(s.compression()).isEqualTo("none");
    assertThat(s.kerberos()).isFalse();
  }

  @Test
  void quorumZnodeAndTimeoutsReachTheClientConfiguration() {
    Configuration c = parse("zk1:2222,zk2", "znode", "/hbase-unsecure", "timeout", "3s", "rpcTimeout", "1s",
        "saslQop", "privacy").configuration();
    assertThat(c.get("hbase.zookeeper.quorum")).isEqualTo("zk1:2222,zk2:2181");
    assertThat(parse("[::1]:2222,[::2]").quorum()).containsExactly("[::1]:2222", "[::2]:2181");
    assertThat(c.get("zookeeper.znode.parent")).isEqualTo("/hbase-unsecure");
    assertThat(c.getLong("hbase.client.operation.timeout", 0)).isEqualTo(3_000);
    assertThat(c.getLong("hbase.rpc.timeout", 0)).isEqualTo(1_000);
    assertThat(c.getInt("zookeeper.recovery.retry", -1)).isEqualTo(1);
    assertThat(c.get("hbase.rpc.protection")).isEqualTo("privacy");
  }

  @Test
  void aShortTimeoutCapsTheDefaultRpcTimeout() {
    assertThat(parse("zk", "timeout", "2s").rpcTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badValuesAreRejectedNamingTheOption() {
    assertInvalid(() -> parse("zk", "znode", "hbase"), "znode");
    assertInvalid(() -> parse("zk", "namespace", "bad-name"), "namespace");
    assertInvalid(() -> parse("zk", "namespace", "hbase"), "namespace");
    assertInvalid(() -> parse("zk", "family", "a:b"), "family");
    assertInvalid(() -> parse("zk", "timeout", "ten"), "timeout");
    assertInvalid(() -> parse("zk", "timeout", "2s", "rpcTimeout", "3s"), "rpcTimeout");
    assertInvalid(() -> parse("zk", "presplit", "0"), "presplit");
    assertInvalid(() -> parse("zk", "compression", "brotli"), "compression");
    assertInvalid(() -> parse("zk", "auth", "digest"), "auth");
    assertInvalid(() -> parse("zk", "principal", "me@REALM"), "auth=kerberos");
    assertInvalid(() -> parse("zk", "auth", "kerberos"), "principal");
    assertInvalid(() -> parse("zk:port"), "port");
    assertInvalid(() -> parse("zk:2181/hbase"), "znode");
    assertInvalid(() -> parse("me@REALM,zk"), "'principal' and 'keytab'");
  }

  @Test
  void anUnknownOptionInTheUriIsRejected() {
    assertThatThrownBy(() -> KVStores.open("hbase://127.0.0.1:1?zookeeper=1"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG);
          assertThat(e.getMessage()).contains("zookeeper");
        });
  }

  @Test
  void theStoreNameShowsQuorumNamespaceAndAnUnusualZnode() {
    assertThat(parse("a:1,b:2", "namespace", "tiles").storeName()).isEqualTo("hbase://a:1,b:2?namespace=tiles");
    assertThat(parse("a:1", "znode", "/x").storeName()).isEqualTo("hbase://a:1?znode=/x&namespace=tilekv");
  }

  @Test
  void datasetNamesMapOneToOneOntoValidTableNames() {
    assertThat(HBaseTables.tableName("ns", "tiles").getNameAsString()).isEqualTo("ns:tiles");
    assertThat(HBaseTables.tableName("ns", ".hidden").getQualifierAsString()).isEqualTo("_.hidden");
    assertThat(HBaseTables.tableName("ns", "-x-").getQualifierAsString()).isEqualTo("_-x-");
    assertThat(HBaseTables.tableName("ns", "_u").getQualifierAsString()).isEqualTo("__u");
  }

  @Test
  void ttlsBecomeWholePositiveMilliseconds() {
    assertThat(HBaseKVStore.ttlMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(HBaseKVStore.ttlMillis(Duration.ofMillis(1500).plusNanos(1))).isEqualTo(1501);
    assertThat(HBaseKVStore.ttlMillis(Duration.ofSeconds(Long.MAX_VALUE))).isPositive().isLessThan(Long.MAX_VALUE / 1000);
  }
}
