package io.tilekv.writer.testing;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.WindowPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Features computed straight from raw events with sawtooth windows (SPEC section 2), no tiles:
 * what the stored tiles must merge to. A past query time sees the whole head tile (SPEC section
 * 2), so a window covers {@code [start(q), end of its plan's last tile)}.
 */
public final class Reference {
  private Reference() {}

  public static Map<String, Object> features(GroupBy g, List<Row> events, EntityKey key, long q) {
    GroupByAggregator agg = new GroupByAggregator(g);
    Map<String, Object> out = new LinkedHashMap<>();
    for (WindowPlan plan : TilePlanner.plan(g, q).windows()) {
      Window w = plan.window();
      long start = plan.start();
      long end = plan.tiles().stream().mapToLong(TileRef::end).max().orElse(q);
      Object[] irs = agg.init();
      for (Row r : events) {
        if (r.timestamp() >= start && r.timestamp() < end && g.entityKey(r).equals(key)) {
          agg.update(irs, r);
        }
      }
      out.putAll(agg.finalizeWindow(w, irs));
    }
    return out;
  }
}
