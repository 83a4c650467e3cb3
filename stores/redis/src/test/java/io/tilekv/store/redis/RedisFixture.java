package io.tilekv.store.redis;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.store.redis.servers.RedisTarget;
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
    String location = "127.0.0.1:" + StoreFixture.freePort();
    RedisTarget nowhere = new RedisTarget(target.scheme(), location, target.options(), false)
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
    return TimeControl.wallClock(Duration.ofMillis(500), Duration.ofMillis(100));
  }
}
