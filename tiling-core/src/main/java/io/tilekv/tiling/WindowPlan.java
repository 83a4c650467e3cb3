package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The tiles that answer one window at one query time: {@code start} is the window's first
 * included event time, {@code tiles} the minimal disjoint cover of {@code [start, at)} in
 * ascending start order (the last tile may end after the query time).
 */
public record WindowPlan(Window window, long start, List<TileRef> tiles) {
  public WindowPlan {
    requireNonNull(window, "window is null");
    tiles = List.copyOf(tiles);
  }
}
