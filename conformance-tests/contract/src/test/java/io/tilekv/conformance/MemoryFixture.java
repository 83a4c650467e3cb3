package io.tilekv.conformance;

import io.tilekv.spi.KVStore;
import io.tilekv.store.memory.MemoryKVStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Clients of one shared {@link MemoryKVStore} whose TTLs follow a {@link ManualClock}, each client
 * optionally wrapped (the broken stores of the kit's self-test). Faults can be injected below the
 * wrapper ({@link #faults()}). The store does not persist unless asked with {@link #persisting}, in
 * which case the instance outlives {@link #reopen()}, as data on disk would.
 */
public final class MemoryFixture implements StoreFixture {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-01-15T14:32:00Z"));
  private final InjectedFaults faults = new InjectedFaults();
  private final UnaryOperator<KVStore> wrap;
  private final Duration timeout;
  private volatile MemoryKVStore shared = new MemoryKVStore(clock);
  private volatile UnaryOperator<KVStore> unreachable;
  private volatile boolean persistent;
  private volatile boolean forgetsOnReopen;

  public MemoryFixture() {
    this(UnaryOperator.identity(), Duration.ofSeconds(10));
  }

  public MemoryFixture(UnaryOperator<KVStore> wrap, Duration timeout) {
    this.wrap = wrap;
    this.timeout = timeout;
  }

  @Override
  public KVStore open() {
    return wrap.apply(StoreFixture.clientOf(faults.around(shared)));
  }

  /**
   * Makes {@link #openUnreachable()} return {@code behaviour} applied to a client of a separate
   * store, standing in for a server that does not answer.
   */
  public MemoryFixture withUnreachable(UnaryOperator<KVStore> behaviour) {
    this.unreachable = behaviour;
    return this;
  }

  /**
   * Declares the store persistent. With {@code forgetsOnReopen} the fixture is broken on purpose:
   * {@link #reopen()} replaces the store with an empty one, as a store that keeps nothing would.
   */
  public MemoryFixture persisting(boolean forgetsOnReopen) {
    this.persistent = true;
    this.forgetsOnReopen = forgetsOnReopen;
    return this;
  }

  @Override
  public boolean persistent() {
    return persistent;
  }

  @Override
  public void reopen() {
    if (forgetsOnReopen) {
      MemoryKVStore old = shared;
      shared = new MemoryKVStore(clock);
      old.close();
    }
  }

  @Override
  public Optional<Faults> faults() {
    return Optional.of(faults);
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
