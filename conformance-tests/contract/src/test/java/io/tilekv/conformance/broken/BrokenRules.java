package io.tilekv.conformance.broken;

import io.tilekv.conformance.internal.ForwardingKVStore;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores that each break one rule the kit checks since issue 10, as wrappers of a correct store;
 * each is caught by that rule's check only (see {@link BrokenStoresAreCaughtTest}).
 */
final class BrokenRules {
  private BrokenRules() {}

  /** Expires every entry after half its TTL. */
  static KVStore expiresEarly(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries == null ? null : entries.stream().map(e -> e == null || e.ttl().isEmpty() ? e
            : Entry.of(e.key(), e.value(), max(e.ttl().get().dividedBy(2), Duration.ofMillis(1)))).toList());
      }
    };
  }

  /**
   * Serves reads of values it wrote from a write-through cache, handing out the cached array
   * itself (a copy only to a second asker within one call).
   */
  static KVStore handsOutItsOwnArrays(KVStore store) {
    Map<String, byte[]> cache = new ConcurrentHashMap<>();
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries).thenApply(v -> {
          for (Entry e : entries) {
            if (e.ttl().isEmpty()) {
              cache.put(dataset + "/" + e.key(), e.value());
            } else {
              cache.remove(dataset + "/" + e.key());
            }
          }
          return v;
        });
      }

      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).thenApply(values -> {
          List<Optional<byte[]>> out = new ArrayList<>(values.size());
          Map<byte[], Boolean> given = new IdentityHashMap<>();
          for (int i = 0; i < values.size(); i++) {
            byte[] cached = values.get(i).isPresent() ? cache.get(dataset + "/" + keys.get(i)) : null;
            out.add(cached == null ? values.get(i)
                : Optional.of(given.put(cached, Boolean.TRUE) == null ? cached : cached.clone()));
          }
          return out;
        });
      }
    };
  }

  /** Gives every occurrence of a key in one multiGet the same array. */
  static KVStore sharesArraysOfDuplicateKeys(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).thenApply(values -> {
          Map<Key, Optional<byte[]>> first = new HashMap<>();
          List<Optional<byte[]>> out = new ArrayList<>(values.size());
          for (int i = 0; i < values.size(); i++) {
            Optional<byte[]> value = values.get(i);
            out.add(first.computeIfAbsent(keys.get(i), k -> value));
          }
          return out;
        });
      }
    };
  }

  /** Checks and writes one batch after the other: batches before an invalid entry are written. */
  static KVStore writesBatchesOneByOne(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        int max = capabilities().maxPutBatch();
        if (entries == null || entries.size() <= max) {
          return super.multiPut(dataset, entries);
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < entries.size(); i += max) {
          List<Entry> batch = entries.subList(i, Math.min(entries.size(), i + max));
          chain = chain.thenCompose(v -> super.multiPut(dataset, batch));
        }
        return chain;
      }
    };
  }

  /** Resumes each scan page two past the last key of the page before, skipping one sort key. */
  static KVStore pagerSkipsTheKeyAfterEachPage(KVStore store) {
    int page = 1_000;
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return super.scan(dataset, partition, from, to).thenApply(all -> {
          List<Entry> out = new ArrayList<>();
          long next = from;
          int taken = 0;
          for (Entry e : all) {
            if (e.key().sort() < next) {
              continue;
            }
            out.add(e);
            if (++taken == page) {
              taken = 0;
              next = e.key().sort() + 2;
            }
          }
          return out;
        });
      }
    };
  }

  /** Turns a failed read into absent values. */
  static KVStore readErrorsReadAsAbsent(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).exceptionally(t -> {
          KVStoreException kv = KVStoreException.unwrap(t);
          if (kv == null || kv.kind() != Kind.INTERNAL) {
            throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
          }
          return keys.stream().map(k -> Optional.<byte[]>empty()).toList();
        });
      }
    };
  }

  /** Completes a write normally although the store refused some of its entries. */
  static KVStore dropsRefusedWrites(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries).exceptionally(t -> {
          KVStoreException kv = KVStoreException.unwrap(t);
          if (kv == null || kv.kind() != Kind.INTERNAL) {
            throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
          }
          return null;
        });
      }
    };
  }

  /** Fails a partly refused write without naming the refused keys. */
  static KVStore failsWritesWithoutNamingKeys(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries).exceptionally(t -> {
          KVStoreException kv = KVStoreException.unwrap(t);
          if (kv == null) {
            throw new java.util.concurrent.CompletionException(t);
          }
          throw new KVStoreException(kv.kind(), kv.storeName(), "some entries were not written");
        });
      }
    };
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
