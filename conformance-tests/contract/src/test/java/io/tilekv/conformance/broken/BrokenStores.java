package io.tilekv.conformance.broken;

import io.tilekv.conformance.internal.ForwardingKVStore;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Stores that each break one rule of the contract, as wrappers of a correct store. */
final class BrokenStores {
  private BrokenStores() {}

  /** multiGet loses the last result. */
  static KVStore dropsLastResult(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).thenApply(r -> r.isEmpty() ? r : r.subList(0, r.size() - 1));
      }
    };
  }

  /** Every dataset is the same one. */
  static KVStore ignoresDataset(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet("one_for_all", keys);
      }

      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut("one_for_all", entries);
      }

      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return super.scan("one_for_all", partition, from, to);
      }
    };
  }

  /** Declares TTL but drops it on the way in. */
  static KVStore neverExpires(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries.stream().map(e -> Entry.of(e.key(), e.value())).toList());
      }
    };
  }

  /** Results of multi-key reads come back reversed. */
  static KVStore reversesBatches(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).thenApply(r -> {
          List<Optional<byte[]>> reversed = new ArrayList<>(r);
          Collections.reverse(reversed);
          return reversed;
        });
      }
    };
  }

  /** Sends one batch of at most maxPutBatch entries and forgets the rest: no splitting. */
  static KVStore losesWritesBeyondTheFirstBatch(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        int max = capabilities().maxPutBatch();
        return super.multiPut(dataset, entries.size() <= max ? entries : entries.subList(0, max));
      }
    };
  }

  /** Scans return pages of 100 entries, each page in descending order. */
  static KVStore unsortedScanPages(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return super.scan(dataset, partition, from, to).thenApply(all -> {
          List<Entry> out = new ArrayList<>();
          for (int i = 0; i < all.size(); i += 100) {
            List<Entry> page = new ArrayList<>(all.subList(i, Math.min(all.size(), i + 100)));
            Collections.reverse(page);
            out.addAll(page);
          }
          return out;
        });
      }
    };
  }

  /** Scans return only their first page of 1,000 entries. */
  static KVStore partialScanPages(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
        return super.scan(dataset, partition, from, to).thenApply(all -> all.subList(0, Math.min(all.size(), 1_000)));
      }
    };
  }

  /** Does not declare RANGE_SCAN but answers scans anyway. */
  static KVStore answersUndeclaredScans(KVStore store) {
    StoreCapabilities declared = without(store.capabilities(), Capability.RANGE_SCAN);
    return new ForwardingKVStore(store) {
      @Override
      public StoreCapabilities capabilities() {
        return declared;
      }
    };
  }

  /** Does not declare TTL but accepts (and drops) TTLs. */
  static KVStore acceptsUndeclaredTtl(KVStore store) {
    StoreCapabilities declared = without(store.capabilities(), Capability.TTL);
    return new ForwardingKVStore(neverExpires(store)) {
      @Override
      public StoreCapabilities capabilities() {
        return declared;
      }
    };
  }

  /** The first entry of a key in one call wins. */
  static KVStore firstWins(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        Map<Key, Entry> first = new LinkedHashMap<>();
        entries.forEach(e -> first.putIfAbsent(e.key(), e));
        return super.multiPut(dataset, new ArrayList<>(first.values()));
      }
    };
  }

  /** A multiGet that includes a missing key never completes. */
  static KVStore hangsOnMissingKeys(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
        return super.multiGet(dataset, keys).thenCompose(r -> r.stream().anyMatch(Optional::isEmpty)
            ? new CompletableFuture<>() : CompletableFuture.completedFuture(r));
      }
    };
  }

  /** Errors name another store. */
  static KVStore errorsNameAnotherStore(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public String name() {
        return "not-" + super.name();
      }
    };
  }

  /** close() does nothing: the client keeps working. */
  static KVStore ignoresClose(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public void close() {}
    };
  }

  /** Values above 64 KiB are cut to 64 KiB. */
  static KVStore truncatesLargeValues(KVStore store) {
    return new ForwardingKVStore(store) {
      @Override
      public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
        return super.multiPut(dataset, entries.stream().map(e -> e.valueLength() <= 65_536 ? e
            : Entry.of(e.key(), java.util.Arrays.copyOf(e.value(), 65_536))).toList());
      }
    };
  }

  private static StoreCapabilities without(StoreCapabilities caps, Capability dropped) {
    StoreCapabilities.Builder b = StoreCapabilities.builder()
        .maxGetBatch(caps.maxGetBatch()).maxPutBatch(caps.maxPutBatch())
        .maxValueBytes(caps.maxValueBytes()).maxKeyBytes(caps.maxKeyBytes())
        .ttlResolution(caps.ttlResolution());
    caps.capabilities().stream().filter(c -> c != dropped).forEach(b::supports);
    return b.build();
  }
}
