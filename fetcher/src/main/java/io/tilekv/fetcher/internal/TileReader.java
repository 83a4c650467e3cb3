package io.tilekv.fetcher.internal;

import io.tilekv.fetcher.ReadStrategy;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a set of distinct tile keys of one dataset with a deterministic number of store calls and
 * reports, per key, its bytes, its absence, or why it could not be read. Never fails as a whole:
 * a failed call marks only the keys it carried.
 */
public final class TileReader {
  private final KVStore store;
  private final ReadStrategy strategy;
  private final int maxGetBatch;
  private final boolean canScan;

  public TileReader(KVStore store, ReadStrategy strategy) {
    this.store = Objects.requireNonNull(store, "store is null");
    this.strategy = Objects.requireNonNull(strategy, "strategy is null");
    this.maxGetBatch = store.capabilities().maxGetBatch();
    this.canScan = store.capabilities().supports(Capability.RANGE_SCAN);
  }

  /** Per key of a read: {@code values[i]} (null when absent) or {@code failures[i]} (non-null when failed). */
  public static final class Result {
    public final byte[][] values;
    public final String[] failures;

    Result(int n) {
      values = new byte[n][];
      failures = new String[n];
    }
  }

  /** Reads {@code keys} (distinct) from {@code dataset}; completes normally, always. */
  public CompletableFuture<Result> read(String dataset, List<Key> keys) {
    Result result = new Result(keys.size());
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    int[] viaGet = indexesAll(keys.size());
    if (strategy == ReadStrategy.COST_BASED && canScan) {
      List<int[]> scans = chooseScans(keys);
      if (!scans.isEmpty()) {
        boolean[] scanned = new boolean[keys.size()];
        for (int[] partition : scans) {
          for (int i : partition) {
            scanned[i] = true;
          }
          calls.add(scan(dataset, keys, partition, result));
        }
        viaGet = remaining(scanned);
      }
    }
    for (int from = 0; from < viaGet.length; from += maxGetBatch) {
      int[] batch = java.util.Arrays.copyOfRange(viaGet, from, Math.min(viaGet.length, from + maxGetBatch));
      calls.add(multiGet(dataset, keys, batch, result));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> result);
  }

  private CompletableFuture<Void> multiGet(String dataset, List<Key> keys, int[] batch, Result out) {
    List<Key> batchKeys = new ArrayList<>(batch.length);
    for (int i : batch) {
      batchKeys.add(keys.get(i));
    }
    return call(() -> store.multiGet(dataset, batchKeys)).handle((values, t) -> {
      if (t == null && values.size() != batch.length) {
        t = new IllegalStateException("store " + store.name() + " returned " + values.size()
            + " results for " + batch.length + " keys");
      }
      if (t != null) {
        fail(out, batch, describe(t));
        return null;
      }
      for (int j = 0; j < batch.length; j++) {
        Optional<byte[]> v = values.get(j);
        out.values[batch[j]] = v == null ? null : v.orElse(null);
      }
      return null;
    });
  }

  private CompletableFuture<Void> scan(String dataset, List<Key> keys, int[] partition, Result out) {
    Key first = keys.get(partition[0]);
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    Map<Long, Integer> bySort = new HashMap<>(partition.length * 2);
    for (int i : partition) {
      long sort = keys.get(i).sort();
      from = Math.min(from, sort);
      to = Math.max(to, sort);
      bySort.put(sort, i);
    }
    long fromInclusive = from;
    long toExclusive = to + 1;
    return call(() -> store.scan(dataset, first.partition(), fromInclusive, toExclusive)).handle((entries, t) -> {
      if (t != null) {
        fail(out, partition, describe(t));
        return null;
      }
      for (Entry e : entries) {
        Integer i = bySort.get(e.key().sort());
        if (i != null) {
          out.values[i] = e.value();
        }
      }
      return null;
    });
  }

  /**
   * The partitions worth scanning (see {@link ReadStrategy#COST_BASED}): contiguous ones, largest
   * first, while each lowers {@code scans + ceil(remaining / maxGetBatch)}.
   */
  private List<int[]> chooseScans(List<Key> keys) {
    Map<ByteBuffer, List<Integer>> partitions = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      partitions.computeIfAbsent(ByteBuffer.wrap(keys.get(i).partition()), p -> new ArrayList<>()).add(i);
    }
    List<int[]> contiguous = new ArrayList<>();
    for (List<Integer> members : partitions.values()) {
      long size = TileKeys.tileSize(keys.get(members.get(0)));
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i : members) {
        min = Math.min(min, keys.get(i).sort());
        max = Math.max(max, keys.get(i).sort());
      }
      if ((max - min) / size + 1 == members.size()) {
        contiguous.add(members.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    contiguous.sort((a, b) -> Integer.compare(b.length, a.length));
    List<int[]> chosen = new ArrayList<>();
    int remaining = keys.size();
    for (int[] p : contiguous) {
      int before = chosen.size() + calls(remaining);
      int after = chosen.size() + 1 + calls(remaining - p.length);
      if (after < before) {
        chosen.add(p);
        remaining -= p.length;
      }
    }
    return chosen;
  }

  private int calls(int keys) {
    return (keys + maxGetBatch - 1) / maxGetBatch;
  }

  private static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> op) {
    try {
      return Objects.requireNonNull(op.get(), "store returned a null future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void fail(Result out, int[] indexes, String why) {
    for (int i : indexes) {
      out.failures[i] = why;
    }
  }

  private String describe(Throwable t) {
    KVStoreException kv = KVStoreException.unwrap(t);
    if (kv != null) {
      return "store read failed: " + kv.getMessage();
    }
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return "store read failed: [" + store.name() + "] " + c;
  }

  private static int[] indexesAll(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  private static int[] remaining(boolean[] taken) {
    int n = 0;
    for (boolean b : taken) {
      n += b ? 0 : 1;
    }
    int[] out = new int[n];
    for (int i = 0, j = 0; i < taken.length; i++) {
      if (!taken[i]) {
        out[j++] = i;
      }
    }
    return out;
  }
}
