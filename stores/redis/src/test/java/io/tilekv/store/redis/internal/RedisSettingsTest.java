package io.tilekv.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.SslVerifyMode;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.support.HostPort;
import io.tilekv.store.redis.RedisClusterStoreProvider;
import io.tilekv.store.redis.RedisOptions;
import io.tilekv.store.redis.RedisStoreProvider;
import io.tilekv.store.redis.RedissStoreProvider;
import io.tilekv.store.redis.internal.RedisSettings.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSettingsTest {
  private static final String SECRET = "s3cret-Passw0rd";

  private static RedisSettings parse(Mode mode, String... kv) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      options.put(kv[i], kv[i + 1]);
    }
    return RedisSettings.parse(new StoreConfig(mode.scheme, options, RedisOptions.SECRET), mode);
  }

  private static KVStoreException invalid(Mode mode, String... kv) {
    KVStoreException e = org.junit.jupiter.api.Assertions.assertThrows(KVStoreException.class, () -> parse(mode, kv));
    assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG);
    return e;
  }

  @Test
  void defaultsArePlainTcpPort6379NoCredentialsDatabase0FiveSecondTimeout() {
    RedisSettings s = parse(Mode.STANDALONE, "location", "cache.local");

    assertThat(s.nodes()).containsExactly(new HostPort("cache.local", 6379));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.user()).isEmpty();
    assertThat(s.password()).isEmpty();
    assertThat(s.database()).isZero();
    assertThat(s.tls()).isFalse();
    assertThat(s.verify()).isEqualTo(SslVerifyMode.FULL);
    assertThat(s.caFile()).isEmpty();
    assertThat(s.storeName()).isEqualTo("redis://cache.local:6379");
  }

  @Test
  void explicitValuesAreTaken() {
    RedisSettings s = parse(Mode.STANDALONE, "location", "10.0.0.5:6380", "timeout", "250ms",
        "user", "tiler", "password", SECRET, "database", "3");

    assertThat(s.nodes()).containsExactly(new HostPort("10.0.0.5", 6380));
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.user()).contains("tiler");
    assertThat(s.password()).contains(SECRET);
    assertThat(s.database()).isEqualTo(3);
    assertThat(s.storeName()).isEqualTo("redis://10.0.0.5:6380/3");
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertThat(parse(Mode.STANDALONE, "location", "[::1]:6380").nodes()).containsExactly(new HostPort("::1", 6380));
    assertThat(parse(Mode.STANDALONE, "location", "[::1]").nodes()).containsExactly(new HostPort("::1", 6379));
  }

  @Test
  void redissAlwaysUsesTlsAndAcceptsVerifyModesAndACaFile(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not parsed here");
    assertThat(parse(Mode.STANDALONE_TLS, "location", "h").tls()).isTrue();
    assertThat(parse(Mode.STANDALONE_TLS, "location", "h", "tls-verify", "none").verify()).isEqualTo(SslVerifyMode.NONE);
    RedisSettings s = parse(Mode.STANDALONE_TLS, "location", "h", "tls-verify", "CA", "tls-ca-file", ca.toString());
    assertThat(s.verify()).isEqualTo(SslVerifyMode.CA);
    assertThat(s.caFile()).contains(ca);
    assertThat(parse(Mode.CLUSTER, "location", "h", "tls", "true").tls()).isTrue();
  }

  @Test
  void inconsistentTlsOptionsAreRejected(@TempDir Path dir) {
    assertThat(invalid(Mode.STANDALONE_TLS, "location", "h", "tls", "false")).hasMessageContaining("always uses TLS");
    assertThat(invalid(Mode.STANDALONE_TLS, "location", "h", "tls-verify", "sometimes")).hasMessageContaining("tls-verify");
    assertThat(invalid(Mode.STANDALONE_TLS, "location", "h", "tls-ca-file", dir.resolve("missing.pem").toString()))
        .hasMessageContaining("tls-ca-file");
    assertThat(invalid(Mode.STANDALONE, "location", "h", "tls-verify", "none")).hasMessageContaining("need TLS");
  }

  @Test
  void clusterTakesSeveralSeedNodesButNoDatabase() {
    RedisSettings s = parse(Mode.CLUSTER, "location", "a:7000, b:7001,c");
    assertThat(s.nodes()).containsExactly(new HostPort("a", 7000), new HostPort("b", 7001), new HostPort("c", 6379));
    assertThat(s.storeName()).isEqualTo("redis-cluster://a:7000,b:7001,c:6379");

    assertThat(invalid(Mode.CLUSTER, "location", "a:7000", "database", "1")).hasMessageContaining("database 0");
    assertThat(invalid(Mode.STANDALONE, "location", "a:7000,b:7001")).hasMessageContaining("redis-cluster://");
  }

  @Test
  void badValuesNameTheirOption() {
    assertThat(invalid(Mode.STANDALONE, "location", "h:port")).hasMessageContaining("port");
    assertThat(invalid(Mode.STANDALONE, "location", "h:70000")).hasMessageContaining("out of range");
    assertThat(invalid(Mode.STANDALONE, "location", "h", "timeout", "soon")).hasMessageContaining("timeout");
    assertThat(invalid(Mode.STANDALONE, "location", "h", "timeout", "0s")).hasMessageContaining("timeout");
    assertThat(invalid(Mode.STANDALONE, "location", "h", "database", "-1")).hasMessageContaining("database");
    assertThat(invalid(Mode.STANDALONE, "location", "h", "user", "tiler")).hasMessageContaining("password");
  }

  @Test
  void credentialsInTheLocationAreRejectedWithoutEchoingThem() {
    KVStoreException e = invalid(Mode.STANDALONE, "location", "tiler:" + SECRET + "@h:6379");
    assertThat(e).hasMessageContaining("'password'").hasMessageNotContaining(SECRET);
  }

  @Test
  void thePasswordIsNeverShown() {
    RedisSettings s = parse(Mode.STANDALONE, "location", "h", "user", "tiler", "password", SECRET);
    assertThat(s.toString()).contains("****").doesNotContain(SECRET);
    assertThat(s.storeName()).doesNotContain(SECRET);
    assertThat(new StoreConfig("redis", Map.of("location", "h", "password", SECRET), RedisOptions.SECRET).toString())
        .doesNotContain(SECRET);
    assertThatThrownBy(() -> KVStores.open("redis://h:6379?password=" + SECRET + "&pasword=typo"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG))
        .hasMessageContaining("pasword").hasMessageNotContaining(SECRET);
  }

  @Test
  void theThreeSchemesAreRegisteredWithThePasswordAsSecret() {
    Map<String, KVStoreProvider> providers = KVStores.providers(getClass().getClassLoader());
    assertThat(providers.get("redis")).isInstanceOf(RedisStoreProvider.class);
    assertThat(providers.get("rediss")).isInstanceOf(RedissStoreProvider.class);
    assertThat(providers.get("redis-cluster")).isInstanceOf(RedisClusterStoreProvider.class);
    for (String scheme : List.of("redis", "rediss", "redis-cluster")) {
      assertThat(providers.get(scheme).secretOptions()).containsExactly("password");
      assertThat(providers.get(scheme).requiredOptions()).containsExactly("location");
    }
  }

  @Test
  void aMissingLocationIsAnInvalidConfig() {
    assertThatThrownBy(() -> KVStores.open("redis", Map.of()))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG))
        .hasMessageContaining("location");
    assertThat(Optional.of(parse(Mode.STANDALONE, "location", "h/"))).get()
        .extracting(RedisSettings::nodes).asList().containsExactly(new HostPort("h", 6379));
  }
}
