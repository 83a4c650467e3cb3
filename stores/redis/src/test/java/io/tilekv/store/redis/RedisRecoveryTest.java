package io.tilekv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.store.redis.servers.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A store outlives a Redis restart: calls fail typed and fast while it is down, and work again after. */
class RedisRecoveryTest {
  private static final Key KEY = Key.of(new byte[] {5}, 5);

  @Test
  void callsFailUnavailableWhileRedisIsDownAndSucceedAgainAfterItRestarts() throws Exception {
    RedisProcess server = RedisProcess.start("redis-restart", List.of(), false);
    int port = server.port();
    try (KVStore store = KVStores.open("redis://127.0.0.1:" + port + "?timeout=1s")) {
      store.multiPut("restart", List.of(Entry.of(KEY, new byte[] {1}))).get();
      server.close();

      long start = System.nanoTime();
      ExecutionException down = assertThrows(ExecutionException.class,
          () -> store.multiGet("restart", List.of(KEY)).get(5, TimeUnit.SECONDS));
      assertThat(KVStoreException.unwrap(down).kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

      server = RedisProcess.start("redis-restart", List.of(), false, port);
      Optional<byte[]> after = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (after == null) {
        try {
          store.multiPut("restart", List.of(Entry.of(KEY, new byte[] {2}))).get();
          after = store.multiGet("restart", List.of(KEY)).get().get(0);
        } catch (ExecutionException e) {
          assertThat(KVStoreException.unwrap(e).kind()).isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
          assertThat(System.nanoTime()).as("reconnected within 20 s").isLessThan(deadline);
          Thread.sleep(200);
        }
      }
      assertThat(after).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
    } finally {
      server.close();
    }
  }
}
