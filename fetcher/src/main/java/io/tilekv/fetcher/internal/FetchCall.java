package io.tilekv.fetcher.internal;

import io.tilekv.fetcher.FetchResponse;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.WindowPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One {@code Fetcher.fetch} call: plans every request, reads the union of their tiles once
 * (complete tiles from the cache when present), decodes, then merges and finalizes per request.
 */
public final class FetchCall {
  /** A request with its GroupBy, key and query time resolved. */
  public record Resolved(ServedGroupBy served, EntityKey key, long at) {}

  /** One distinct tile of the call and what became of it. */
  private static final class Slot {
    final ServedGroupBy served;
    final Key key;
    final TileRef ref;
    final boolean complete;
    Object[] irs; // null: absent (empty) or failed
    String failure;

    Slot(ServedGroupBy served, Key key, TileRef ref, boolean complete) {
      this.served = served;
      this.key = key;
      this.ref = ref;
      this.complete = complete;
    }
  }

  private record SlotId(String groupBy, Key key) {}

  private record Planned(Resolved request, TilePlan plan, Map<TileRef, Slot> slots) {}

  private final TileReader reader;
  private final TileCache cache;
  private final long now;
  private final Function<String, CompletableFuture<Void>> ensureDataset;
  private CallStats stats; // null: not observed

  /**
   * @param cache null when caching is off
   * @param now the wall-clock time that decides which tiles are complete
   * @param ensureDataset run before the first read of a dataset; its failure does not stop the read
   */
  public FetchCall(TileReader reader, TileCache cache, long now,
      Function<String, CompletableFuture<Void>> ensureDataset) {
    this.reader = reader;
    this.cache = cache;
    this.now = now;
    this.ensureDataset = ensureDataset;
  }

  /** Counts this call's tiles into {@code stats} (metrics); call before {@link #run}. */
  public FetchCall stats(CallStats stats) {
    this.stats = stats;
    return this;
  }

  public CompletableFuture<List<FetchResponse>> run(List<Resolved> requests) {
    Map<SlotId, Slot> union = new HashMap<>();
    List<Planned> planned = new ArrayList<>(requests.size());
    Map<String, List<Slot>> toRead = new LinkedHashMap<>();
    for (Resolved r : requests) {
      TilePlan plan = TilePlanner.plan(r.served().groupBy(), r.at());
      if (stats != null) {
        stats.planned += plan.tiles().size();
      }
      byte[] entity = r.key().bytes();
      Map<TileRef, Slot> slots = new HashMap<>(plan.tiles().size() * 2);
      Map<Long, byte[]> partitions = new HashMap<>(4);
      for (TileRef t : plan.tiles()) {
        byte[] partition = partitions.computeIfAbsent(t.size(), size -> TileKeys.partition(entity, size));
        Key key = Key.of(partition, t.start());
        Slot slot = union.computeIfAbsent(new SlotId(r.served().groupBy().name(), key),
            id -> lookUp(r.served(), id.key(), t, toRead));
        slots.put(t, slot);
      }
      planned.add(new Planned(r, plan, slots));
    }
    List<CompletableFuture<Void>> reads = new ArrayList<>(toRead.size());
    for (Map.Entry<String, List<Slot>> e : toRead.entrySet()) {
      reads.add(read(e.getKey(), e.getValue()));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<FetchResponse> out = new ArrayList<>(planned.size());
      for (Planned p : planned) {
        out.add(answer(p));
      }
      return out;
    });
  }

  /** A new slot, filled from the cache when the tile is complete and cached, else queued for reading. */
  private Slot lookUp(ServedGroupBy served, Key key, TileRef ref, Map<String, List<Slot>> toRead) {
    boolean complete = cache != null && cache.isComplete(ref.end(), now);
    Slot slot = new Slot(served, key, ref, complete);
    if (complete) {
      TileCache.Cached hit = cache.get(cacheKey(slot));
      if (hit != null) {
        slot.irs = hit.irs();
        if (stats != null) {
          stats.fromCache++;
        }
        return slot;
      }
    }
    toRead.computeIfAbsent(served.groupBy().dataset(), d -> new ArrayList<>()).add(slot);
    if (stats != null) {
      stats.fromStore++;
    }
    return slot;
  }

  private CompletableFuture<Void> read(String dataset, List<Slot> slots) {
    List<Key> keys = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      keys.add(s.key);
    }
    return ensureDataset.apply(dataset).handle((v, t) -> null)
        .thenCompose(x -> reader.read(dataset, keys))
        .thenAccept(result -> {
          for (int i = 0; i < slots.size(); i++) {
            settle(slots.get(i), result.values[i], result.failures[i]);
          }
        });
  }

  private void settle(Slot slot, byte[] bytes, String failure) {
    if (failure != null) {
      slot.failure = describe(slot.ref) + ": " + failure;
      return;
    }
    if (bytes != null) {
      try {
        slot.irs = slot.served.codec().decode(bytes);
      } catch (RuntimeException e) { // TileDecodeException and anything a broken payload provokes
        slot.failure = describe(slot.ref) + " cannot be decoded: " + e.getMessage();
        return;
      }
    }
    if (slot.complete) {
      cache.put(cacheKey(slot), slot.irs, bytes == null ? 0 : bytes.length);
    }
  }

  private FetchResponse answer(Planned p) {
    ServedGroupBy served = p.request().served();
    GroupByAggregator agg = served.aggregator();
    Map<String, Object> values = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    try {
      for (WindowPlan wp : p.plan().windows()) {
        String failure = null;
        Object[] merged = agg.init(); // fresh: cached IRs are only ever merged from, never into
        for (TileRef t : wp.tiles()) {
          Slot s = p.slots().get(t);
          if (s.failure != null) {
            failure = s.failure;
            break;
          }
          if (s.irs != null) {
            try {
              merged = agg.merge(merged, s.irs);
            } catch (IllegalStateException e) {
              failure = "cannot merge the tiles of window " + wp.window().label() + ": " + e.getMessage();
              break;
            }
          }
        }
        if (failure == null) {
          try {
            values.putAll(agg.finalizeWindow(wp.window(), merged));
          } catch (IllegalStateException e) { // tiles that cannot be merged (an aggregator says why)
            failure = "cannot merge the tiles of window " + wp.window().label() + ": " + e.getMessage();
          }
        }
        if (failure != null) {
          for (String name : served.featuresOf(wp.window())) {
            errors.put(name, failure);
          }
        }
      }
    } catch (RuntimeException e) {
      values.clear();
      for (String name : served.groupBy().featureNames()) {
        errors.put(name, "internal error while merging tiles: " + e);
      }
    }
    Map<String, Object> features = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (String name : served.groupBy().featureNames()) {
      if (errors.containsKey(name)) {
        failed.put(name, errors.get(name));
      } else if (values.containsKey(name)) {
        features.put(name, values.get(name));
      } else { // a planner/aggregator disagreement; never answer it with a made-up null
        failed.put(name, "internal error: no window plan computed this feature");
      }
    }
    return new FetchResponse(served.groupBy().name(), served.keyColumns(p.request().key()),
        p.request().at(), features, failed);
  }

  private static TileCache.CacheKey cacheKey(Slot s) {
    return new TileCache.CacheKey(s.served.groupBy().name(), s.served.groupBy().fingerprint(), s.key);
  }

  private static String describe(TileRef t) {
    return "tile " + Durations.format(t.size()) + "@" + Instant.ofEpochMilli(t.start());
  }
}
