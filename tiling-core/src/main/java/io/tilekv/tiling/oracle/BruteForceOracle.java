package io.tilekv.tiling.oracle;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.WindowPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected feature values, computed from raw events without tiles: for each window, every
 * event of the entity key with {@code floor((q - W) / hop) * hop <= ts < q} (SPEC section 2), and
 * each operation evaluated directly over those values (sorting, exact sums, two-pass moments),
 * independently of the aggregators.
 *
 * <p>Exact operations give the value the served feature must equal. The sketch operations give
 * the exact answer the sketch approximates: a Long distinct count for APPROX_UNIQUE_COUNT, an
 * {@link ExactQuantiles} for APPROX_PERCENTILE and an {@link ExactFrequencies} for
 * APPROX_FREQUENT_K. Compare with {@link FeatureComparator}, which knows the bounds.
 *
 * <p>Online serving at a past query time sees every event the head tiles hold (SPEC section 2);
 * {@link #featuresAsStored} models that, {@link #features} is the strict window.
 */
public final class BruteForceOracle {
  private BruteForceOracle() {}

  /**
   * Every feature of {@code key} at {@code queryTime}, in {@link GroupBy#featureNames()} order.
   * {@code events} may hold other keys (they are ignored) and be in any order.
   */
  public static Map<String, Object> features(GroupBy groupBy, List<Row> events, EntityKey key, long queryTime) {
    return compute(groupBy, events, key, queryTime, false);
  }

  /**
   * Like {@link #features}, but each window ends where its last planned tile ends instead of at
   * {@code queryTime}: what a fetch at a past time answers when the store also holds later events.
   */
  public static Map<String, Object> featuresAsStored(GroupBy groupBy, List<Row> events, EntityKey key,
      long queryTime) {
    return compute(groupBy, events, key, queryTime, true);
  }

  /** The events of {@code key}, in input order. */
  public static List<Row> eventsOf(GroupBy groupBy, List<Row> events, EntityKey key) {
    List<Row> out = new ArrayList<>();
    for (Row r : events) {
      if (groupBy.entityKey(r).equals(key)) {
        out.add(r);
      }
    }
    return out;
  }

  private static Map<String, Object> compute(GroupBy g, List<Row> events, EntityKey key, long q, boolean asStored) {
    requireNonNull(g, "groupBy is null");
    requireNonNull(key, "key is null");
    List<Row> mine = eventsOf(g, events, key);
    long[] layers = g.layers().stream().mapToLong(Long::longValue).toArray();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Aggregation a : g.aggregations()) {
      int column = g.schema().index(a.input());
      for (Window w : a.windows()) {
        long start = w.start(q);
        long end = q;
        if (asStored) {
          WindowPlan plan = TilePlanner.planWindow(w, layers, q);
          List<TileRef> tiles = plan.tiles();
          end = tiles.isEmpty() ? q : tiles.get(tiles.size() - 1).end();
        }
        List<ExactAggregates.Value> values = new ArrayList<>();
        for (Row r : mine) {
          Object v = r.get(column);
          if (v != null && r.timestamp() >= start && r.timestamp() < end) {
            values.add(new ExactAggregates.Value(r.timestamp(), v));
          }
        }
        out.put(a.featureName(w), ExactAggregates.compute(a.operation(), g.schema().type(column), a.args(), values));
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
