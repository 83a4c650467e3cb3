package io.tilekv.store.redis;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.store.redis.servers.RedisTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

/** Clients of one Redis target for the conformance kit. */
public final class RedisFixture implements StoreFixture {
  public static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final RedisTarget target;

  public RedisFixture(RedisTarget target) {
    this.target = target.with(RedisOptions.TIMEOUT, TIMEOUT.toSeconds() + "s");
  }

  @Override
  public KVStore open() {
    return target.open();
  }

  /** Same scheme and options, on a 127.0.0.1 port where nothing listens, with a 1s timeout. */
  @Override
  public Optional<KVStore> openUnreachable() {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisTarget nowhere = new RedisTarget(target.scheme(), "127.0.0.1:" + port, target.options(), false)
        .with(RedisOptions.TIMEOUT, "1s");
    return Optional.of(nowhere.open());
  }

  @Override
  public Duration operationTimeout() {
    return TIMEOUT;
  }

  /** Redis checks expiry on every read, so a TTL is over as soon as it has passed. */
  @Override
  public TimeControl time() {
    return new TimeControl() {
      @Override
      public void advance(Duration elapsed) throws InterruptedException {
        Thread.sleep(elapsed.toMillis() + 100);
      }

      @Override
      public Duration shortTtl() {
        return Duration.ofMillis(500);
      }
    };
  }
}
