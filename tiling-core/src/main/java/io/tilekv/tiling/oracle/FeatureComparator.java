package io.tilekv.tiling.oracle;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.agg.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllSketch;

/**
 * Compares served feature values with {@link BruteForceOracle}'s expectations and describes every
 * difference in a readable line ({@code price_sum_7d: expected 12.5 but was 12.0}).
 *
 * <p>Bounds:
 * <ul>
 *   <li>Exact operations must be equal ({@code byte[]} by content, lists in order, maps entry by
 *       entry in order), except floating-point results of SUM (floating input), AVERAGE,
 *       VARIANCE, SKEW and KURTOSIS, where summation order differs between tiles and the oracle:
 *       {@code |actual - expected| <= 1e-9 * max(1, |expected|)}.
 *   <li>APPROX_UNIQUE_COUNT (HLL, lgK): {@code |actual - exact| <= 1 + 4 * 1.04 * exact / sqrt(2^lgK)},
 *       four times the sketch's relative standard error ({@code 1.04/sqrt(2^lgK)}; the CPC
 *       sketches of older tiles are more accurate).
 *   <li>APPROX_PERCENTILE (KLL, k): for each requested rank r, the answer v must satisfy
 *       {@code rank(<v) - 2e <= r <= rank(<=v) + 2e}, with e KLL's normalized rank error
 *       ({@code KllSketch.getNormalizedRankError(k, false)}, ~1.33% at k = 200).
 *   <li>APPROX_FREQUENT_K (k, lgMaxMapSize): at most k items; every estimate c' of an item with
 *       true count c satisfies {@code c <= c' <= c + 3.5 / 2^lgMaxMapSize * n}; and while fewer
 *       than {@code 0.75 * 2^lgMaxMapSize} distinct items were seen, the map equals the exact top k.
 * </ul>
 * A null expectation (no events) requires a null value.
 */
public final class FeatureComparator {
  /** Relative tolerance of floating-point results of exact operations. */
  public static final double RELATIVE_TOLERANCE = 1e-9;

  private FeatureComparator() {}

  /**
   * The differences between {@code expected} and {@code actual} over every feature of
   * {@code groupBy}; empty when they agree. Missing and unexpected features are differences too.
   */
  public static List<String> mismatches(GroupBy groupBy, Map<String, Object> expected, Map<String, Object> actual) {
    List<String> out = new ArrayList<>();
    Map<String, Aggregation> byFeature = new HashMap<>();
    for (Aggregation a : groupBy.aggregations()) {
      for (Window w : a.windows()) {
        byFeature.put(a.featureName(w), a);
      }
    }
    for (String name : groupBy.featureNames()) {
      if (!expected.containsKey(name)) {
        out.add(name + ": no expectation given");
      } else if (!actual.containsKey(name)) {
        out.add(name + ": missing, expected " + Values.show(expected.get(name)));
      } else {
        String why = compare(byFeature.get(name), expected.get(name), actual.get(name));
        if (why != null) {
          out.add(name + ": " + why);
        }
      }
    }
    for (String name : actual.keySet()) {
      if (!byFeature.containsKey(name)) {
        out.add(name + ": unexpected feature");
      }
    }
    return out;
  }

  private static String compare(Aggregation a, Object e, Object v) {
    if (e == null || v == null) {
      return e == v ? null : differ(e, v);
    }
    Operation op = a.operation();
    switch (op) {
      case APPROX_UNIQUE_COUNT:
        return approxDistinct(a, (Long) e, v);
      case APPROX_PERCENTILE:
        return Percentiles.check(a, (ExactQuantiles) e, v);
      case APPROX_FREQUENT_K:
        return Frequencies.check(a, (ExactFrequencies) e, v);
      case SUM: case AVERAGE: case VARIANCE: case SKEW: case KURTOSIS:
        if (e instanceof Double d && v instanceof Double x) {
          boolean same = d.equals(x) || Math.abs(x - d) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(d));
          return same ? null : differ(e, v) + " (beyond relative tolerance " + RELATIVE_TOLERANCE + ")";
        }
        return Values.deepEquals(e, v) ? null : differ(e, v);
      default:
        return Values.deepEquals(e, v) ? null : differ(e, v);
    }
  }

  private static String approxDistinct(Aggregation a, long exact, Object v) {
    if (!(v instanceof Long est)) {
      return differ(exact, v) + " (not a Long)";
    }
    int lgK = Values.intArg(a.args(), "lgK", io.tilekv.tiling.agg.Aggregators.DEFAULT_LG_K);
    double bound = 1 + 4 * 1.04 * exact / Math.sqrt(1 << lgK);
    return Math.abs(est - exact) <= bound ? null
        : "estimate " + est + " is off the exact " + exact + " by more than "
            + String.format(java.util.Locale.ROOT, "%.1f", bound) + " (lgK " + lgK + ")";
  }

  static String differ(Object e, Object v) {
    return "expected " + Values.show(e) + " but was " + Values.show(v);
  }

  /** APPROX_PERCENTILE bounds. */
  private static final class Percentiles {
    static String check(Aggregation a, ExactQuantiles e, Object v) {
      if (!(v instanceof List<?> list) || list.size() != e.ranks().length) {
        return differ(e.values(), v) + " (expected a list of " + e.ranks().length + " values)";
      }
      double eps = 2 * KllSketch.getNormalizedRankError(Values.intArg(a.args(), "k", 200), false);
      for (int i = 0; i < list.size(); i++) {
        double x = ((Number) list.get(i)).doubleValue();
        double r = e.ranks()[i];
        if (!(e.rankBelow(x) - eps <= r && r <= e.rankAtOrBelow(x) + eps)) {
          return "value " + x + " for rank " + r + " has true ranks [" + e.rankBelow(x) + ", "
              + e.rankAtOrBelow(x) + "], beyond rank error " + eps + "; " + e;
        }
      }
      return null;
    }
  }

  /** APPROX_FREQUENT_K bounds. */
  private static final class Frequencies {
    static String check(Aggregation a, ExactFrequencies e, Object v) {
      if (!(v instanceof Map<?, ?> map)) {
        return differ(e, v) + " (not a map)";
      }
      int k = Values.intArg(a.args(), "k", 10);
      int lgM = Values.intArg(a.args(), "lgMaxMapSize", Math.max(3, 32 - Integer.numberOfLeadingZeros(k - 1) + 3));
      if (map.size() > k) {
        return map.size() + " items, more than k = " + k + ": " + Values.show(map);
      }
      if (e.counts().size() < 0.75 * (1 << lgM)) {
        return Values.deepEquals(e.topK(), map) ? null
            : differ(e.topK(), map) + " (the sketch is exact below " + (int) (0.75 * (1 << lgM)) + " distinct items)";
      }
      double slack = 3.5 / (1 << lgM) * e.n();
      for (Map.Entry<?, ?> item : map.entrySet()) {
        Long c = e.counts().get(item.getKey());
        long est = ((Number) item.getValue()).longValue();
        if (c == null || est < c || est > c + slack) {
          return "item " + Values.show(item.getKey()) + " estimated " + est + ", true count "
              + (c == null ? 0 : c) + ", allowed overcount " + slack;
        }
      }
      return null;
    }
  }
}
