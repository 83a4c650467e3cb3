package io.tilekv.conformance.broken;

import io.tilekv.conformance.internal.ForwardingKVStore;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Stores that each break one rule of how calls behave (errors, dataset names, capabilities,
 * closing), as wrappers of a correct store; each is caught by that rule's check only (see
 * {@link BrokenStoresAreCaughtTest}).
 */
final class BrokenCalls {
  private BrokenCalls() {}

  /** Throws a store error that is ready at once instead of returning the failed future. */
  static KVStore throwsStoreErrors(KVStore store) {
    return new ForwardingKVStore(store) {
      private <T> CompletableFuture<T> thrown(CompletableFuture<T> f) {
        if (f.isCompletedExceptionally()) {
          KVStoreException kv = KVStoreException.unwrap(f.handle((v, t) -> t).join());
          if (kv != null) {
            throw kv;
          }
        }
        return f;
      }

      @Override
      public CompletableFuture<Void> createDataset(String dataset) {
        return thrown(super.createDataset(dataset));
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return thrown(super.multiGet(dataset, keys));
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return thrown(super.multiPut(dataset, entries));
      }

      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return thrown(super.scan(dataset, partition, from, to));
      }
    };
  }

  /** Reports a null argument through a failed future instead of throwing. */
  static KVStore defersNullChecks(KVStore store) {
    return new ForwardingKVStore(store) {
      private <T> CompletableFuture<T> deferred(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
          return call.get();
        } catch (NullPointerException e) {
          return CompletableFuture.failedFuture(new KVStoreException(Kind.INTERNAL, name(), "bad argument", e));
        }
      }

      @Override
      public CompletableFuture<Void> createDataset(String dataset) {
        return deferred(() -> super.createDataset(dataset));
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return deferred(() -> super.multiGet(dataset, keys));
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return deferred(() -> super.multiPut(dataset, entries));
      }

      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return deferred(() -> super.scan(dataset, partition, from, to));
      }
    };
  }

  /** Accepts any dataset name by storing it hex-encoded: lenient where the contract is strict. */
  static KVStore acceptsMalformedDatasetNames(KVStore store) {
    return renamingDatasets(store, name -> name.matches("[A-Za-z0-9_.-]{3,64}") ? name
        : "x" + HexFormat.of().formatHex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, Math.min(60, name.length() * 2)) + "xx");
  }

  /** Maps dataset names onto a store that allows 48 characters of [A-Za-z0-9_]: names collide. */
  static KVStore mapsDatasetNamesLossily(KVStore store) {
    return renamingDatasets(store, name -> name.matches("[A-Za-z0-9_.-]{3,64}")
        ? name.replaceAll("[.-]", "_").substring(0, Math.min(48, name.length())) : name);
  }

  /** Declares a smaller read batch once it has written something. */
  static KVStore capabilitiesChangeAfterAWrite(KVStore store) {
    StoreCapabilities changed = store.capabilities().toBuilder().maxGetBatch(store.capabilities().maxGetBatch() - 1).build();
    return new ForwardingKVStore(store) {
      private volatile boolean written;

      @Override
      public StoreCapabilities capabilities() {
        return written ? changed : super.capabilities();
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        written = true;
        return super.multiPut(dataset, entries);
      }
    };
  }

  /** Runs every call a millisecond later; close fails the calls still waiting with INTERNAL. */
  static KVStore failsCallsInFlightAtClose(KVStore store) {
    Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
    return new ForwardingKVStore(store) {
      private <T> CompletableFuture<T> later(java.util.function.Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(result);
        CompletableFuture.runAsync(() -> call.get().whenComplete((v, t) -> {
          if (t == null) {
            result.complete(v);
          } else {
            result.completeExceptionally(t);
          }
        }), CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.MILLISECONDS));
        return result.whenComplete((v, t) -> waiting.remove(result));
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        java.util.Objects.requireNonNull(dataset, "dataset is null");
        return dataset.matches("[A-Za-z0-9_.-]{3,64}") && keys != null && keys.stream().noneMatch(java.util.Objects::isNull)
            ? later(() -> super.multiGet(dataset, keys)) : super.multiGet(dataset, keys);
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        java.util.Objects.requireNonNull(dataset, "dataset is null");
        return dataset.matches("[A-Za-z0-9_.-]{3,64}") && entries != null && entries.stream().noneMatch(java.util.Objects::isNull)
            ? later(() -> super.multiPut(dataset, entries)) : super.multiPut(dataset, entries);
      }

      @Override
      public void close() {
        for (CompletableFuture<?> f : waiting) {
          f.completeExceptionally(new KVStoreException(Kind.INTERNAL, name(), "connection reset by close"));
        }
        super.close();
      }
    };
  }

  private static KVStore renamingDatasets(KVStore store, Function<String, String> rename) {
    return new ForwardingKVStore(store) {
      private String named(String dataset) {
        return dataset == null ? null : rename.apply(dataset);
      }

      @Override
      public CompletableFuture<Void> createDataset(String dataset) {
        return super.createDataset(named(dataset));
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(named(dataset), keys);
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(named(dataset), entries);
      }

      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return super.scan(named(dataset), partition, from, to);
      }
    };
  }
}
