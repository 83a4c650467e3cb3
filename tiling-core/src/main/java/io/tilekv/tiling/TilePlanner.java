package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans which tiles answer a query (SPEC section 3). For each window, from {@code p = start}, the
 * planner takes the largest layer {@code s} with {@code p % s == 0} and continues at {@code p + s}
 * until {@code p >= q}. Because layers divide each other this greedy cover has the fewest tiles;
 * no tile starts before the window start, and only the last one may end after {@code q}.
 * Windows share tiles: the plan's union lists each tile once.
 *
 * <p>Stateless and thread-safe.
 */
public final class TilePlanner {
  private TilePlanner() {}

  /**
   * The plan of every window of {@code groupBy} for a query at {@code queryTime}.
   *
   * @throws IllegalArgumentException if {@code queryTime} is outside {@link Times}' range
   */
  public static TilePlan plan(GroupBy groupBy, long queryTime) {
    requireNonNull(groupBy, "groupBy is null");
    Times.check(queryTime, "query time");
    long[] layers = groupBy.layerArray();
    List<WindowPlan> windows = new ArrayList<>(groupBy.windows().size());
    List<TileRef> all = new ArrayList<>();
    for (Window w : groupBy.windows()) {
      WindowPlan wp = planWindow(w, layers, queryTime);
      windows.add(wp);
      all.addAll(wp.tiles());
    }
    all.sort(null);
    List<TileRef> union = new ArrayList<>(all.size());
    for (TileRef t : all) {
      if (union.isEmpty() || !union.get(union.size() - 1).equals(t)) {
        union.add(t);
      }
    }
    return new TilePlan(queryTime, union, windows);
  }

  /**
   * The minimal cover of one window with tiles of {@code layers} (ascending; each divides the next).
   *
   * @throws IllegalArgumentException if the window start is not aligned to the smallest layer, or
   *     {@code queryTime} is outside {@link Times}' range
   */
  public static WindowPlan planWindow(Window window, long[] layers, long queryTime) {
    Times.check(queryTime, "query time");
    long start = window.start(queryTime);
    if (Math.floorMod(start, layers[0]) != 0) {
      throw new IllegalArgumentException("window " + window + " starts at " + start
          + ", which is not aligned to the smallest layer " + Durations.format(layers[0]));
    }
    List<TileRef> tiles = new ArrayList<>();
    for (long p = start; p < queryTime; ) {
      long size = layers[0];
      for (int i = layers.length - 1; i > 0; i--) {
        if (Math.floorMod(p, layers[i]) == 0) {
          size = layers[i];
          break;
        }
      }
      tiles.add(new TileRef(size, p));
      p += size;
    }
    return new WindowPlan(window, start, tiles);
  }
}
