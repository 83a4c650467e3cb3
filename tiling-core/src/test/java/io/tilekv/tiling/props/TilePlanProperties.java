package io.tilekv.tiling.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.Durations;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.WindowPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Plans over random layer chains, windows and query times are disjoint, exact and minimal covers. */
class TilePlanProperties {

  /** A random divisor chain of layers, a window whose hop is a multiple of the smallest, and q. */
  record Case(long[] layers, Window window, long q) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<long[]> layers = Combinators.combine(
        Arbitraries.of(Durations.MINUTE, 5 * Durations.MINUTE),
        Arbitraries.integers().between(2, 12).list().ofMinSize(0).ofMaxSize(3))
        .as((base, factors) -> {
          long[] l = new long[factors.size() + 1];
          l[0] = base;
          for (int i = 0; i < factors.size(); i++) {
            l[i + 1] = l[i] * factors.get(i);
          }
          return l;
        });
    return Combinators.combine(layers, Arbitraries.integers().between(1, 6),
            Arbitraries.integers().between(1, 40), Arbitraries.longs().between(0, 4_000_000_000_000L))
        .as((l, hopUnits, hops, q) -> new Case(l, Window.of(l[0] * hopUnits * hops, l[0] * hopUnits), q));
  }

  @Property(tries = 500, seed = "3")
  void tilesAreDisjointContiguousAndCoverTheWindowUpToTheRoundedQuery(@ForAll("cases") Case c) {
    WindowPlan plan = TilePlanner.planWindow(c.window(), c.layers(), c.q());
    List<TileRef> tiles = plan.tiles();
    long roundedQ = Math.floorDiv(c.q() + c.layers()[0] - 1, c.layers()[0]) * c.layers()[0];
    assertThat(plan.start()).isEqualTo(c.window().start(c.q()));
    assertThat(tiles).isNotEmpty();
    assertThat(tiles.get(0).start()).isEqualTo(plan.start());
    for (int i = 1; i < tiles.size(); i++) {
      assertThat(tiles.get(i).start()).isEqualTo(tiles.get(i - 1).end());
    }
    assertThat(tiles).allMatch(t -> t.start() >= plan.start() && t.start() < c.q());
    assertThat(tiles.get(tiles.size() - 1).end()).isGreaterThanOrEqualTo(roundedQ);
    assertThat(tiles).allMatch(t -> java.util.Arrays.stream(c.layers()).anyMatch(s -> s == t.size()));
  }

  @Property(tries = 300, seed = "5")
  void greedyCountIsMinimalAmongAllAlignedCovers(@ForAll("cases") Case c) {
    WindowPlan plan = TilePlanner.planWindow(c.window(), c.layers(), c.q());
    assertThat(plan.tiles()).hasSize(fewestTiles(plan.start(), c.q(), c.layers(), new HashMap<>()));
  }

  /** Dynamic programming over every choice of layer at every position. */
  static int fewestTiles(long p, long q, long[] layers, Map<Long, Integer> memo) {
    if (p >= q) {
      return 0;
    }
    Integer known = memo.get(p);
    if (known != null) {
      return known;
    }
    int best = Integer.MAX_VALUE;
    for (long s : layers) {
      if (Math.floorMod(p, s) == 0) {
        best = Math.min(best, 1 + fewestTiles(p + s, q, layers, memo));
      }
    }
    memo.put(p, best);
    return best;
  }
}
