package io.tilekv.conformance;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
   * True for a store that keeps its data when every client is closed and the store is opened
   * again (an embedded database on disk, a server). The kit then writes, closes every client it
   * opened, calls {@link #reopen()}, opens a new client and expects every entry written before.
   * False (the default) skips that check: an in-memory store forgets everything on close.
   */
  default boolean persistent() {
    return false;
  }

  /**
   * Called by the persistence check after it closed every client: releases what the clients share
   * (the instance behind {@link #clientOf}, say) so that the next {@link #open()} opens the store
   * anew from where it keeps its data (the same directory, the same server), as a restarted
   * application would. Nothing to do when every {@link #open()} already opens its own connection.
   */
  default void reopen() {}

  /**
   * Faults the kit can make the store meet inside it, for fixtures that can inject them (a wrapper
   * of the store's client, a proxy in front of its server). Empty by default; the fault checks are
   * then skipped.
   */
  default Optional<Faults> faults() {
    return Optional.empty();
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

  /**
   * A port on 127.0.0.1 that nothing listens on right now: where {@link #openUnreachable()} points
   * its client, or where a test server may start.
   */
  static int freePort() {
    return freePorts(1)[0];
  }

  /** {@code n} distinct ports on 127.0.0.1 that nothing listens on right now, for a test server. */
  static int[] freePorts(int n) {
    // All held open until each is known, so that no port is handed out twice.
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the port is released all the same
        }
      }
    }
  }

  /** Releases what {@link #open()} needs beyond the clients (nothing by default). */
  @Override
  default void close() {}

  /**
   * Errors injected below the adapter, where the store's client meets them, so the kit can check
   * what the adapter makes of them: a read error must fail the read (never read as absent) and a
   * write error must fail the call naming the keys not written. Faults last until {@link #heal()};
   * the kit heals at the end of every check that injects one.
   */
  interface Faults {
    /** Makes every read of {@code key} in {@code dataset} fail inside the store. */
    void failReads(String dataset, Key key);

    /** Makes every write of {@code key} in {@code dataset} fail inside the store. */
    void failWrites(String dataset, Key key);

    /** Removes every injected fault. */
    void heal();
  }

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
      return wallClock(Duration.ofSeconds(1), tolerance);
    }

    /**
     * Real time with TTLs of {@code shortTtl}: sleeps {@code elapsed} plus {@code tolerance}, the
     * store's expiry lag.
     */
    static TimeControl wallClock(Duration shortTtl, Duration tolerance) {
      java.util.Objects.requireNonNull(shortTtl, "shortTtl is null");
      java.util.Objects.requireNonNull(tolerance, "tolerance is null");
      return new TimeControl() {
        @Override
        public void advance(Duration elapsed) throws InterruptedException {
          Thread.sleep(elapsed.plus(tolerance).toMillis());
        }

        @Override
        public Duration shortTtl() {
          return shortTtl;
        }
      };
    }
  }
}
