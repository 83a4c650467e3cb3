package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The algebra every aggregation must obey (SPEC section 5), over random events split randomly into
 * tiles: the merged result equals the result over all events (and the naive oracle), merge is
 * associative and commutative with init() as identity, encoding round-trips, arrival order does
 * not matter, and merge never touches its second argument. Seeded: failures reproduce.
 */
class MergeProperties {
  private static final List<Case> CASES = Case.all();

  /** Events of one case, cut into chunks (tiles) at random; the seed drives cuts and shuffles. */
  record Scenario(Case c, List<Ev> events, int chunks, long seed) {
    List<List<Ev>> split() {
      Random random = new Random(seed);
      List<List<Ev>> parts = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        parts.add(new ArrayList<>());
      }
      for (Ev e : events) {
        parts.get(random.nextInt(chunks)).add(e); // tiles need not be contiguous in arrival
      }
      return parts;
    }

    List<Ev> shuffled() {
      List<Ev> copy = new ArrayList<>(events);
      Collections.shuffle(copy, new Random(seed ^ 0x5DEECE66DL));
      return copy;
    }

    @Override
    public String toString() {
      return c + " events=" + events + " chunks=" + chunks + " seed=" + seed;
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.of(CASES).flatMap(c -> Combinators.combine(
        Gen.events(c).list().ofMaxSize(60),
        Arbitraries.integers().between(1, 5),
        Arbitraries.longs()).as((events, chunks, seed) -> new Scenario(c, events, chunks, seed)));
  }

  static Object irOf(Agg agg, List<Ev> events) {
    Object ir = agg.aggregator.init();
    for (Ev e : events) {
      ir = agg.aggregator.update(ir, e.value(), e.ts());
    }
    return ir;
  }

  @Property(seed = "20261121", tries = 3000)
  void mergedTilesGiveTheResultOfAllEvents(@ForAll("scenarios") Scenario s) {
    Agg agg = s.c().agg();
    Object merged = agg.aggregator.init();
    for (List<Ev> part : s.split()) {
      merged = agg.aggregator.merge(merged, irOf(agg, part));
    }
    Expect.assertMatches(s.c(), s.events(), agg.aggregator.finalizeValue(irOf(agg, s.events())));
    Expect.assertMatches(s.c(), s.events(), agg.aggregator.finalizeValue(merged));
    if (s.c().byteStable()) {
      assertThat(agg.encode(merged)).as("%s", s).isEqualTo(agg.encode(irOf(agg, s.events())));
    }
  }

  @Property(seed = "20261122", tries = 2000)
  void mergeIsAssociativeAndCommutative(@ForAll("scenarios") Scenario s) {
    Agg agg = s.c().agg();
    List<List<Ev>> parts = s.split();
    while (parts.size() < 3) {
      parts.add(List.of());
    }
    Aggregator<Object> a = agg.aggregator;
    Object left = a.merge(a.merge(irOf(agg, parts.get(0)), irOf(agg, parts.get(1))),
        irOf(agg, parts.get(2)));
    Object right = a.merge(irOf(agg, parts.get(0)),
        a.merge(irOf(agg, parts.get(1)), irOf(agg, parts.get(2))));
    Object swapped = a.merge(irOf(agg, parts.get(2)),
        a.merge(irOf(agg, parts.get(1)), irOf(agg, parts.get(0))));
    List<Ev> used = new ArrayList<>(parts.get(0));
    used.addAll(parts.get(1));
    used.addAll(parts.get(2));
    for (Object ir : List.of(left, right, swapped)) {
      Expect.assertMatches(s.c(), used, a.finalizeValue(ir));
    }
    if (s.c().byteStable()) {
      assertThat(agg.encode(left)).as("%s", s).isEqualTo(agg.encode(right));
      assertThat(agg.encode(swapped)).as("%s", s).isEqualTo(agg.encode(right));
    }
  }

  @Property(seed = "20261123", tries = 2000)
  void encodingRoundTripsAndMergesAsTheOriginal(@ForAll("scenarios") Scenario s) {
    Agg agg = s.c().agg();
    Object ir = irOf(agg, s.events());
    byte[] bytes = agg.encode(ir);
    Object decoded = agg.roundTrip(ir);
    if (s.c().op() != Operation.APPROX_FREQUENT_K) {
      // The frequent-items sketch re-inserts items on decode, so its hash map (and byte) order
      // may change; everything else re-encodes to the very same bytes.
      assertThat(agg.encode(decoded)).as("%s", s).isEqualTo(bytes);
    }
    Expect.assertMatches(s.c(), s.events(), agg.aggregator.finalizeValue(decoded));
    // Decoded IRs stay fully functional: merging tiles read back from a store.
    Object merged = agg.aggregator.init();
    for (List<Ev> part : s.split()) {
      merged = agg.aggregator.merge(merged, agg.roundTrip(irOf(agg, part)));
    }
    Expect.assertMatches(s.c(), s.events(), agg.aggregator.finalizeValue(agg.roundTrip(merged)));
  }

  @Property(seed = "20261124", tries = 2000)
  void arrivalOrderDoesNotMatter(@ForAll("scenarios") Scenario s) {
    Agg agg = s.c().agg();
    Object inOrder = irOf(agg, s.events());
    Object shuffled = irOf(agg, s.shuffled());
    Expect.assertMatches(s.c(), s.events(), agg.aggregator.finalizeValue(shuffled));
    if (s.c().byteStable()) {
      assertThat(agg.encode(shuffled)).as("%s", s).isEqualTo(agg.encode(inOrder));
    }
  }

  @Property(seed = "20261125", tries = 1500)
  void mergeAndUpdateNeverReachIntoOtherIrsOrCopies(@ForAll("scenarios") Scenario s) {
    Agg agg = s.c().agg();
    Aggregator<Object> a = agg.aggregator;
    List<List<Ev>> parts = s.split();
    Object other = irOf(agg, parts.get(0));
    byte[] otherBefore = agg.encode(other);
    Object into = irOf(agg, parts.size() > 1 ? parts.get(1) : List.of());
    Object copy = a.copy(into);
    byte[] copyBefore = agg.encode(copy);
    into = a.merge(into, other);
    into = a.update(into, s.events().isEmpty() ? Gen.pair(s.c().type()).get(0)
        : s.events().get(0).value(), 1);
    assertThat(agg.encode(other)).as("merge left its second argument alone: %s", s)
        .isEqualTo(otherBefore);
    assertThat(agg.encode(copy)).as("copy shares nothing with its source: %s", s)
        .isEqualTo(copyBefore);
    // The second argument can be merged again elsewhere (cached tiles feed many windows).
    Expect.assertMatches(s.c(), parts.get(0), a.finalizeValue(a.merge(a.init(), other)));
  }
}
