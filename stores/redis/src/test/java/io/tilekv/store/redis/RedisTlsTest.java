package io.tilekv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.store.redis.servers.RedisServers.TlsServer;
import io.tilekv.store.redis.servers.RedisTarget;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code rediss://} against a local TLS redis-server whose self-signed certificate names
 * 127.0.0.1. Skipped when the tests run against a server the user gave.
 */
@ExtendWith(RedisServers.class)
class RedisTlsTest {
  private static TlsServer server;

  @BeforeAll
  static void startTlsServer() {
    server = RedisServers.tls().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(server != null, "servers are external: no local TLS server");
  }

  private static void roundTrip(RedisTarget target) throws Exception {
    try (KVStore store = target.open()) {
      Key k = Key.of(new byte[] {7}, 7);
      store.multiPut("tls_ds", List.of(Entry.of(k, new byte[] {1, 2, 3}))).get();
      assertThat(store.multiGet("tls_ds", List.of(k)).get().get(0)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
    }
  }

  @Test
  void fullVerificationAgainstTheGivenCaWorks() throws Exception {
    roundTrip(server.target().with("tls-ca-file", server.caFile().toString()));
  }

  @Test
  void verificationOffWorksWithoutTheCa() throws Exception {
    roundTrip(server.target().with("tls-verify", "none"));
  }

  @Test
  void anUntrustedCertificateIsRefusedTypedInTime() {
    long start = System.nanoTime();
    KVStoreException e = assertThrows(KVStoreException.class, () -> server.target().with("timeout", "2s").open().close());
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e).hasStackTraceContaining("SSL");
    assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
  }

  @Test
  void plainTcpToTheTlsPortFailsTypedInTime() {
    RedisTarget plain = new RedisTarget("redis", server.target().location(), server.target().options(), true)
        .with("timeout", "1s");
    long start = System.nanoTime();
    KVStoreException e = assertThrows(KVStoreException.class, () -> plain.open().close());
    assertThat(e.kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
    assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
  }
}
