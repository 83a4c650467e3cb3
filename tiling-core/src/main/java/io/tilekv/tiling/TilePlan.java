package io.tilekv.tiling;

import io.tilekv.tiling.internal.PlanRenderer;
import java.util.List;

/**
 * The tiles that answer one query: per window its own minimal cover ({@link #windows()}) and the
 * union of all of them ({@link #tiles()}), which is what a fetcher reads (each tile once).
 *
 * @param at the query time in epoch millis
 * @param tiles the union, ordered by size then start, without duplicates
 * @param windows one plan per GroupBy window, in {@link GroupBy#windows()} order
 */
public record TilePlan(long at, List<TileRef> tiles, List<WindowPlan> windows) {

  public TilePlan {
    tiles = List.copyOf(tiles);
    windows = List.copyOf(windows);
  }

  /** The plan of {@code window}, which must be one of the planned windows. */
  public WindowPlan window(Window window) {
    for (WindowPlan wp : windows) {
      if (wp.window().equals(window)) {
        return wp;
      }
    }
    throw new IllegalArgumentException("window " + window + " is not in this plan");
  }

  /**
   * The plan as the command line prints it with {@code plan --json}:
   * {@code {"at":<millis>,"tiles":<union size>,"windows":[{"window":"6h","hop":"5m",
   * "start":<millis>,"tiles":[{"size":"5m","start":<millis>},...]},...]}}.
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder(64 + 40 * tiles.size());
    sb.append("{\"at\":").append(at).append(",\"tiles\":").append(tiles.size()).append(",\"windows\":[");
    for (int i = 0; i < windows.size(); i++) {
      WindowPlan wp = windows.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"window\":\"").append(wp.window().label())
          .append("\",\"hop\":\"").append(Durations.format(wp.window().hop()))
          .append("\",\"start\":").append(wp.start()).append(",\"tiles\":[");
      for (int j = 0; j < wp.tiles().size(); j++) {
        TileRef t = wp.tiles().get(j);
        sb.append(j == 0 ? "" : ",").append("{\"size\":\"").append(Durations.format(t.size()))
            .append("\",\"start\":").append(t.start()).append('}');
      }
      sb.append("]}");
    }
    return sb.append("]}").toString();
  }

  /**
   * A timeline a person can read: one line per window with its runs of equal-size tiles, e.g.
   * {@code 6h (hop 5m) from 08:30: 12 tiles  5m x6 [08:30, 09:00)  1h x6 [09:00, 15:00)}, and the
   * size of the union. Times are UTC; those on the query's day show only the time of day.
   */
  public String toTimeline() {
    return PlanRenderer.timeline(this);
  }
}
