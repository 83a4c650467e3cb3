package io.tilekv.writer.testing;

import io.tilekv.spi.EntityKey;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.WindowPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads features back the way the fetcher will: plan, multiGet, decode, merge, finalize. */
public final class StoredFeatures {
  private StoredFeatures() {}

  public static Map<String, Object> at(KVStore store, GroupBy g, EntityKey key, long q) {
    GroupByAggregator agg = new GroupByAggregator(g);
    TileCodec codec = new TileCodec(agg);
    TilePlan plan = TilePlanner.plan(g, q);
    List<Key> keys = new ArrayList<>();
    for (TileRef t : plan.tiles()) {
      keys.add(TileKeys.key(key.bytes(), t.size(), t.start()));
    }
    List<Optional<byte[]>> values = store.multiGet(g.dataset(), keys).join();
    Map<TileRef, Object[]> tiles = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      tiles.put(plan.tiles().get(i), values.get(i).map(codec::decode).orElse(null));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (WindowPlan w : plan.windows()) {
      Object[] merged = agg.init();
      for (TileRef t : w.tiles()) {
        Object[] irs = tiles.get(t);
        if (irs != null) {
          agg.merge(merged, irs);
        }
      }
      out.putAll(agg.finalizeWindow(w.window(), merged));
    }
    return out;
  }
}
