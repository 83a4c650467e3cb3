package io.tilekv.tiling.props;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.WindowPlan;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import io.tilekv.tiling.oracle.RandomEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The end-to-end tiling property: split random events into tiles of every layer (each tile built
 * from several partial IRs, events in shuffled order), encode, decode, merge the planned tiles
 * per window and finalize: the result equals the brute-force oracle over the raw events, exactly
 * for exact operations and within bounds for sketches.
 */
class TiledFeaturesMatchOracleProperties {
  static final long Q0 = 1_705_000_000_000L;

  @Provide
  Arbitrary<GroupBy> groupBys() {
    return Arbitraries.longs().map(RandomGroupBys::generate);
  }

  @Provide
  Arbitrary<Long> queryTimes() {
    return Arbitraries.longs().between(Q0, Q0 + 3 * Durations.DAY);
  }

  @Property(tries = 60, seed = "20261121")
  void mergedPlannedTilesEqualTheOracleWhenTheStoreHoldsNoEventAtOrAfterTheQuery(
      @ForAll("groupBys") GroupBy g, @ForAll long seed, @ForAll("queryTimes") long q) {
    List<Row> events = RandomEvents.of(g, seed).count(300).keys(4).between(q - 9 * Durations.DAY, q).generate();
    check(g, events, seed, q, false);
  }

  @Property(tries = 30, seed = "7")
  void aFetchAtAPastTimeSeesTheWholeHeadTiles(
      @ForAll("groupBys") GroupBy g, @ForAll long seed, @ForAll("queryTimes") long q) {
    List<Row> events = RandomEvents.of(g, seed).count(300).keys(3).between(q - 8 * Durations.DAY, q + 2 * Durations.DAY)
        .generate();
    check(g, events, seed, q, true);
  }

  static void check(GroupBy g, List<Row> events, long seed, long q, boolean asStored) {
    GroupByAggregator agg = new GroupByAggregator(g);
    TileCodec codec = new TileCodec(agg);
    Map<EntityKey, Map<TileRef, byte[]>> store = tile(g, agg, codec, events, new Random(seed));
    TilePlan plan = TilePlanner.plan(g, q);
    for (EntityKey key : RandomEvents.of(g, seed).keys(4).entityKeys()) {
      Map<TileRef, byte[]> tiles = store.getOrDefault(key, Map.of());
      Map<String, Object> actual = new LinkedHashMap<>(agg.emptyFeatures());
      for (WindowPlan wp : plan.windows()) {
        Object[] merged = agg.init();
        for (TileRef t : wp.tiles()) {
          byte[] bytes = tiles.get(t);
          if (bytes != null) {
            agg.merge(merged, codec.decode(bytes));
          }
        }
        actual.putAll(agg.finalizeWindow(wp.window(), merged));
      }
      Map<String, Object> expected = asStored
          ? BruteForceOracle.featuresAsStored(g, events, key, q)
          : BruteForceOracle.features(g, events, key, q);
      assertThat(FeatureComparator.mismatches(g, expected, actual)).as("%s key %s at %d", g, key, q).isEmpty();
    }
  }

  /** Every event into the tile of each layer holding it; each tile from 1 to 3 partial IRs. */
  static Map<EntityKey, Map<TileRef, byte[]>> tile(GroupBy g, GroupByAggregator agg, TileCodec codec,
      List<Row> events, Random rnd) {
    Map<EntityKey, Map<TileRef, List<Object[]>>> partials = new HashMap<>();
    for (long size : g.layers()) {
      List<Row> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, rnd);
      for (Row r : shuffled) {
        List<Object[]> parts = partials.computeIfAbsent(g.entityKey(r), k -> new HashMap<>())
            .computeIfAbsent(TileRef.containing(size, r.timestamp()), t -> new ArrayList<>());
        int p = rnd.nextInt(3);
        while (parts.size() <= p) {
          parts.add(agg.init());
        }
        agg.update(parts.get(p), r);
      }
    }
    Map<EntityKey, Map<TileRef, byte[]>> out = new HashMap<>();
    partials.forEach((key, tiles) -> tiles.forEach((ref, parts) -> {
      Object[] whole = agg.init();
      for (Object[] part : parts) {
        agg.merge(whole, codec.decode(codec.encode(part)));
      }
      out.computeIfAbsent(key, k -> new HashMap<>()).put(ref, codec.encode(whole));
    }));
    return out;
  }
}
