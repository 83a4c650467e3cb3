package io.tilekv.conformance.broken;

import io.tilekv.conformance.internal.ForwardingKVStore;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Clients standing in for a server that does not answer: one behaves, the others do not. */
public final class Unreachable {
  private Unreachable() {}

  /** Fails every read and write with UNAVAILABLE after 100 ms, as a client with a short timeout does. */
  public static KVStore failsWithUnavailable(KVStore store) {
    return answering(store, Kind.UNAVAILABLE, false);
  }

  /** Fails with an INTERNAL error: untyped for the contract. */
  static KVStore failsUntyped(KVStore store) {
    return answering(store, Kind.INTERNAL, false);
  }

  /** Never completes: no timeout configured. */
  static KVStore hangs(KVStore store) {
    return answering(store, Kind.TIMEOUT, true);
  }

  private static KVStore answering(KVStore store, Kind kind, boolean hang) {
    return new ForwardingKVStore(store) {
      private <T> CompletableFuture<T> fail() {
        if (hang) {
          return new CompletableFuture<>();
        }
        return CompletableFuture.supplyAsync(() -> {
          throw new KVStoreException(kind, name(), "connection refused: 127.0.0.1:1");
        }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return fail();
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return fail();
      }
    };
  }
}
