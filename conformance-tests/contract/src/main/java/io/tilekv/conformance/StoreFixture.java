package io.tilekv.conformance;

import io.tilekv.spi.KVStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What a store module supplies to run the conformance kit: how to open clients of the store under
 * test, and optionally how to control time and reach an unreachable endpoint. Starting and stopping
 * a server is the module's business (a JUnit extension or {@code @BeforeAll}); the fixture only
 * opens clients of a store that is already up.
 */
public interface StoreFixture extends AutoCloseable {

  /**
   * Opens a new client of the store under test. Every client sees the same data: the kit opens a
   * second client to check that writes are visible and persistent across clients.
   */
  KVStore open();

  /**
   * A client configured against an endpoint where nothing answers, with a short timeout, for the
   * check that an unreachable server gives a typed error in time. Empty for embedded stores.
   */
  default Optional<KVStore> openUnreachable() {
    return Optional.empty();
  }

  /**
   * The operation timeout the clients from {@link #open()} are configured with. The kit waits for
   * any future at most this long plus a slack of half of it (at least one second) and then fails the
   * test, so a store that hangs fails the suite instead of stalling it. The unreachable-server check
   * expects its typed error within the same bound.
   */
  default Duration operationTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * How the kit makes TTLs pass. The default waits on the wall clock; stores with an injectable
   * clock return a control that advances it.
   */
  default TimeControl time() {
    return TimeControl.wallClock(Duration.ofSeconds(2));
  }

  /**
   * A client of {@code instance} for fixtures whose store cannot be opened twice (an embedded
   * database that locks its directory, or an in-memory store): its operations go to
   * {@code instance}, and closing it makes only this client fail with CLOSED, leaving
   * {@code instance} open for the other clients. The fixture closes {@code instance} in
   * {@link #close()}.
   */
  static KVStore clientOf(KVStore instance) {
    return new io.tilekv.conformance.internal.SharedClient(instance);
  }

  /** Releases what {@link #open()} needs beyond the clients (nothing by default). */
  @Override
  default void close() {}

  /** Moves time forward for TTL checks. */
  interface TimeControl {
    /**
     * Returns once every entry whose TTL is at most {@code elapsed} must have expired, by sleeping
     * or by advancing a fake clock.
     */
    void advance(Duration elapsed) throws InterruptedException;

    /** The shortest TTL the kit should use with this store. */
    Duration shortTtl();

    /** Real time: sleeps {@code elapsed} plus {@code tolerance}, the store's expiry lag. */
    static TimeControl wallClock(Duration tolerance) {
      return new TimeControl() {
        @Override
        public void advance(Duration elapsed) throws InterruptedException {
          Thread.sleep(elapsed.plus(tolerance).toMillis());
        }

        @Override
        public Duration shortTtl() {
          return Duration.ofSeconds(1);
        }
      };
    }
  }
}
