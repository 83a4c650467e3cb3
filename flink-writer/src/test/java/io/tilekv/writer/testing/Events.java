package io.tilekv.writer.testing;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.tiling.Row;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Test GroupBys, parsed events and the comparison of stored features with the reference. */
public final class Events {
  private Events() {}

  public static GroupBy groupBy(String resource) {
    try {
      return GroupBy.parse(Path.of(Events.class.getResource("/" + resource).toURI()));
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The well-formed rows of {@code lines}. */
  public static List<Row> rows(GroupBy g, List<String> lines) {
    EventParser p = new EventParser(g);
    List<Row> out = new ArrayList<>();
    for (String l : lines) {
      ParsedEvent e = p.parse(l, 0);
      if (!e.isMalformed()) {
        out.add(e.row());
      }
    }
    return out;
  }

  public static Set<EntityKey> keys(GroupBy g, List<Row> rows) {
    Set<EntityKey> keys = new LinkedHashSet<>();
    for (Row r : rows) {
      keys.add(g.entityKey(r));
    }
    return keys;
  }

  /**
   * Differences between the features stored tiles give and tiling-core's brute-force oracle over
   * {@code accepted} ({@code featuresAsStored}: a past query sees its whole head tile), for every
   * key at every query time, compared with its {@code FeatureComparator}; and, as a second
   * opinion, with {@link Reference}, which folds raw events with the writer's own aggregator.
   */
  public static List<String> mismatches(io.tilekv.spi.KVStore store, GroupBy g, List<Row> accepted,
      List<Long> queryTimes) {
    List<String> out = new ArrayList<>();
    for (EntityKey key : keys(g, accepted)) {
      for (long q : queryTimes) {
        Map<String, Object> actual = StoredFeatures.at(store, g, key, q);
        for (String m : io.tilekv.tiling.oracle.FeatureComparator.mismatches(g,
            io.tilekv.tiling.oracle.BruteForceOracle.featuresAsStored(g, accepted, key, q), actual)) {
          out.add(key + " at " + q + " (oracle): " + m);
        }
        Map<String, Object> expected = Reference.features(g, accepted, key, q);
        for (Map.Entry<String, Object> e : expected.entrySet()) {
          Object a = actual.get(e.getKey());
          if (!same(e.getValue(), a)) {
            out.add(key + " at " + q + ": " + e.getKey() + " expected " + e.getValue() + " got " + a);
          }
        }
      }
    }
    return out;
  }

  /**
   * Differences between the tiles two stores hold for {@code rows} (every layer's tile of every
   * row): presence, and each aggregation's finalized IR.
   */
  public static List<String> tileDifferences(io.tilekv.spi.KVStore a, io.tilekv.spi.KVStore b,
      GroupBy g, List<Row> rows) {
    io.tilekv.tiling.GroupByAggregator agg = new io.tilekv.tiling.GroupByAggregator(g);
    io.tilekv.tiling.TileCodec codec = new io.tilekv.tiling.TileCodec(agg);
    Set<io.tilekv.spi.Key> keys = new LinkedHashSet<>();
    for (Row r : rows) {
      for (long size : g.layers()) {
        keys.add(io.tilekv.spi.TileKeys.key(g.entityKey(r).bytes(), size,
            Math.floorDiv(r.timestamp(), size) * size));
      }
    }
    List<io.tilekv.spi.Key> list = new ArrayList<>(keys);
    var va = a.multiGet(g.dataset(), list).join();
    var vb = b.multiGet(g.dataset(), list).join();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (va.get(i).isEmpty() || vb.get(i).isEmpty()) {
        out.add(list.get(i) + " present in first: " + va.get(i).isPresent() + ", in second: "
            + vb.get(i).isPresent());
        continue;
      }
      Object[] ia = codec.decode(va.get(i).get());
      Object[] ib = codec.decode(vb.get(i).get());
      for (int j = 0; j < agg.size(); j++) {
        Object fa = agg.aggregator(j).finalizeValue(ia[j]);
        Object fb = agg.aggregator(j).finalizeValue(ib[j]);
        if (!Objects.equals(fa, fb)) {
          out.add(list.get(i) + " aggregation " + j + ": " + fa + " vs " + fb);
        }
      }
    }
    if (list.isEmpty()) {
      out.add("no tiles to compare");
    }
    return out;
  }

  private static boolean same(Object e, Object a) {
    if (e instanceof Double x && a instanceof Double y) {
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    }
    return Objects.equals(e, a);
  }
}
