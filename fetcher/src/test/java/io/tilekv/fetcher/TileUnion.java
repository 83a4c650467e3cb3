package io.tilekv.fetcher;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The number of distinct tiles a batch of requests needs, computed independently of the fetcher. */
final class TileUnion {
  private TileUnion() {}

  static long size(GroupBy g, List<FetchRequest> requests) {
    record Tile(String key, TileRef ref) {}
    Set<Tile> union = new HashSet<>();
    for (FetchRequest r : requests) {
      String key = r.keyText().toString();
      for (TileRef t : TilePlanner.plan(g, r.at().getAsLong()).tiles()) {
        union.add(new Tile(key, t));
      }
    }
    return union.size();
  }
}
