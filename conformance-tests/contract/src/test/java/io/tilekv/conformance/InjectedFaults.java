package io.tilekv.conformance;

import io.tilekv.conformance.internal.ForwardingKVStore;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected where a store meets its storage: reads of a marked key fail, writes of a marked
 * key are not applied and reported by key, as a correct adapter reports what its store refused.
 * The fault layer sits below the client (and below a broken wrapper), like a store's own client.
 */
final class InjectedFaults implements StoreFixture.Faults {
  private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
  private final Set<String> unwritable = ConcurrentHashMap.newKeySet();

  @Override
  public void failReads(String dataset, Key key) {
    unreadable.add(id(dataset, key));
  }

  @Override
  public void failWrites(String dataset, Key key) {
    unwritable.add(id(dataset, key));
  }

  @Override
  public void heal() {
    unreadable.clear();
    unwritable.clear();
  }

  /** {@code store} meeting the injected faults. */
  KVStore around(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        if (dataset != null && keys != null && keys.stream().anyMatch(k -> k != null && unreadable.contains(id(dataset, k)))) {
          return CompletableFuture.failedFuture(new KVStoreException(Kind.INTERNAL, name(),
              "injected read fault: a block of the store cannot be read"));
        }
        return super.multiGet(dataset, keys);
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        if (dataset == null || entries == null || unwritable.isEmpty()) {
          return super.multiPut(dataset, entries);
        }
        List<Entry> applied = new ArrayList<>();
        List<Key> refused = new ArrayList<>();
        for (Entry e : entries) {
          if (e != null && unwritable.contains(id(dataset, e.key()))) {
            refused.add(e.key());
          } else {
            applied.add(e);
          }
        }
        return super.multiPut(dataset, applied).thenCompose(v -> refused.isEmpty()
            ? CompletableFuture.completedFuture(v)
            : CompletableFuture.failedFuture(new KVStoreException(Kind.INTERNAL, name(),
                "injected write fault: " + refused.size() + " entries were refused", null, refused)));
      }
    };
  }

  private static String id(String dataset, Key key) {
    return dataset + "/" + key;
  }
}
