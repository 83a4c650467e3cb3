package io.tilekv.conformance;

import io.tilekv.spi.KVStore;
import io.tilekv.store.memory.MemoryKVStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Clients of one shared {@link MemoryKVStore} whose TTLs follow a {@link ManualClock}, each client
 * optionally wrapped (the broken stores of the kit's self-test).
 */
public final class MemoryFixture implements StoreFixture {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-01-15T14:32:00Z"));
  private final MemoryKVStore shared = new MemoryKVStore(clock);
  private final UnaryOperator<KVStore> wrap;
  private final Duration timeout;
  private volatile UnaryOperator<KVStore> unreachable;

  public MemoryFixture() {
    this(UnaryOperator.identity(), Duration.ofSeconds(10));
  }

  public MemoryFixture(UnaryOperator<KVStore> wrap, Duration timeout) {
    this.wrap = wrap;
    this.timeout = timeout;
  }

  @Override
  public KVStore open() {
    return wrap.apply(StoreFixture.clientOf(shared));
  }

  /**
   * Makes {@link #openUnreachable()} return {@code behaviour} applied to a client of a separate
   * store, standing in for a server that does not answer.
   */
  public MemoryFixture withUnreachable(UnaryOperator<KVStore> behaviour) {
    this.unreachable = behaviour;
    return this;
  }

  @Override
  public Optional<KVStore> openUnreachable() {
    return unreachable == null ? Optional.empty() : Optional.of(unreachable.apply(new MemoryKVStore(clock)));
  }

  @Override
  public Duration operationTimeout() {
    return timeout;
  }

  @Override
  public TimeControl time() {
    return clock.timeControl(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    shared.close();
  }
}
