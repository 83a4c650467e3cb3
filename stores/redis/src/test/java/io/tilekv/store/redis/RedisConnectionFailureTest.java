package io.tilekv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.store.redis.servers.RedisTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wrong credentials and servers that are down or mute give typed errors within the timeout. */
@ExtendWith(RedisServers.class)
class RedisConnectionFailureTest {
  private static final String WRONG = "not-the-password-0451";

  private static KVStoreException openFails(RedisTarget target) {
    return assertThrows(KVStoreException.class, () -> target.open().close());
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorThatDoesNotShowThePassword() {
    RedisTarget standalone = RedisServers.standalone();
    assumeTrue(standalone.local(), "needs the server the tests started (known users)");
    for (RedisTarget t : List.of(standalone.with("password", WRONG), RedisServers.cluster().with("password", WRONG))) {
      KVStoreException e = openFails(t);
      assertThat(e.kind()).as("opening %s with a wrong password", t).isEqualTo(Kind.AUTHENTICATION);
      assertThat(e.storeName()).startsWith(t.scheme() + "://");
      assertThat(e).hasMessageNotContaining(WRONG);
      assertThat(e.getCause()).hasMessageNotContaining(WRONG);
    }
  }

  @Test
  void aMissingPasswordIsAnAuthenticationError() {
    RedisTarget standalone = RedisServers.standalone();
    assumeTrue(standalone.local(), "needs the server the tests started (known users)");
    assertThat(openFails(standalone.with("password", null)).kind()).isEqualTo(Kind.AUTHENTICATION);
  }

  @Test
  void anAclUserConnectsWithItsOwnPasswordAndIsRejectedWithAnother() throws Exception {
    RedisTarget standalone = RedisServers.standalone();
    assumeTrue(standalone.local(), "needs the server the tests started (known users)");
    RedisTarget user = standalone.with("user", RedisServers.ACL_USER);
    try (KVStore store = user.with("password", RedisServers.ACL_PASSWORD).open()) {
      Key k = Key.of(new byte[] {1}, 1);
      store.multiPut("acl_user", List.of(Entry.of(k, new byte[] {42}))).get();
      assertThat(store.multiGet("acl_user", List.of(k)).get().get(0)).hasValueSatisfying(v -> assertThat(v).containsExactly(42));
    }
    assertThat(openFails(user.with("password", RedisServers.PASSWORD)).kind()).isEqualTo(Kind.AUTHENTICATION);
  }

  @Test
  void nothingListeningIsUnavailableOrTimeoutWithinTheTimeoutForEveryScheme() {
    int port = StoreFixture.freePort();
    for (String scheme : List.of("redis", "rediss", "redis-cluster")) {
      RedisTarget nowhere = new RedisTarget(scheme, "127.0.0.1:" + port, java.util.Map.of("timeout", "1s"), false);
      long start = System.nanoTime();
      KVStoreException e = openFails(nowhere);
      // TLS may spend the short timeout on its first-use setup: TIMEOUT is then the honest answer.
      assertThat(e.kind()).as(scheme).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as(scheme + ": time to fail").isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswersFailsTypedWithinTheTimeout() throws Exception {
    try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(mute.accept()); // read nothing, answer nothing
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.start();
      RedisTarget muteTarget = new RedisTarget("redis", "127.0.0.1:" + mute.getLocalPort(),
          java.util.Map.of("timeout", "1s"), false);
      long start = System.nanoTime();
      KVStoreException e = openFails(muteTarget);
      assertThat(e.kind()).isIn(Kind.TIMEOUT, Kind.UNAVAILABLE);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      mute.close();
      acceptor.join(2000);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aStoreOpenedLazilyWhileRedisIsDownFailsEachCallTypedInTime() throws Exception {
    RedisTarget nowhere = new RedisTarget("redis", "127.0.0.1:" + StoreFixture.freePort(), java.util.Map.of("timeout", "1s"),
        false);
    try (KVStore store = io.tilekv.store.redis.internal.RedisKVStore.lazy(
        io.tilekv.store.redis.internal.RedisSettings.parse(new io.tilekv.spi.StoreConfig("redis",
            java.util.Map.of("location", nowhere.location(), "timeout", "1s"), RedisOptions.SECRET),
            io.tilekv.store.redis.internal.RedisSettings.Mode.STANDALONE))) {
      for (int attempt = 0; attempt < 2; attempt++) {
        long start = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> store.multiGet("lazy_ds", List.of(Key.of(new byte[0], 1))).get(5, TimeUnit.SECONDS));
        assertThat(KVStoreException.unwrap(e).kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
        assertThat(KVStoreException.unwrap(e).storeName()).isEqualTo(store.name());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      }
    }
  }
}
