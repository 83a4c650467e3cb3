package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.ColumnType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllSketch;

/**
 * The test oracle: computes each operation's finalized value naively from the raw events, straight
 * from the SPEC's definitions (sorting, BigDecimal sums, two-pass moments), and checks an actual
 * result against it: exactly, within 1e-9 relative for floating-point results, or within the
 * documented error bounds for sketches.
 */
final class Expect {
  private static final MathContext MC = MathContext.DECIMAL128;

  private Expect() {}

  /** The total order of the SPEC on finalized (external) values. */
  static Comparator<Object> order(ColumnType type) {
    switch (type) {
      case STRING: return (a, b) -> ((String) a).compareTo((String) b);
      case LONG: return (a, b) -> Long.compare((Long) a, (Long) b);
      case INT: return (a, b) -> Integer.compare((Integer) a, (Integer) b);
      case DOUBLE: return (a, b) -> Double.compare((Double) a, (Double) b);
      case FLOAT: return (a, b) -> Float.compare((Float) a, (Float) b);
      case BOOLEAN: return (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
      case BYTES: return (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      default: throw new AssertionError(type);
    }
  }

  static void assertMatches(Case c, List<Ev> events, Object actual) {
    switch (c.op()) {
      case APPROX_UNIQUE_COUNT:
        assertHllWithinBounds(c, events, actual);
        return;
      case APPROX_PERCENTILE:
        assertKllWithinBounds(c, events, actual);
        return;
      case APPROX_FREQUENT_K:
        assertFrequentWithinBounds(c, events, actual);
        return;
      default:
        Object expected = naive(c, events);
        if (c.floatingResult()) {
          assertClose(c + " over " + events, expected, actual);
        } else {
          assertThat(canon(actual)).as("%s over %s", c, events).isEqualTo(canon(expected));
        }
    }
  }

  static void assertClose(Object context, Object expected, Object actual) {
    if (expected == null || actual == null) {
      assertThat(actual).as("%s", context).isEqualTo(expected);
      return;
    }
    double e = (Double) expected;
    double a = (Double) actual;
    if (Double.isNaN(e) || Double.isNaN(a)) {
      assertThat(a).as("%s", context).isNaN();
      assertThat(e).as("%s", context).isNaN();
      return;
    }
    assertThat(Math.abs(a - e)).as("%s: %s vs expected %s", context, a, e)
        .isLessThanOrEqualTo(1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(e))));
  }

  /** The exact (non-sketch) operations, computed from their definitions. */
  static Object naive(Case c, List<Ev> events) {
    Comparator<Object> order = order(c.type());
    List<Object> values = new ArrayList<>();
    events.forEach(e -> values.add(e.value()));
    int n = values.size();
    Comparator<Ev> byTime = Comparator.<Ev>comparingLong(Ev::ts).thenComparing(Ev::value, order);
    switch (c.op()) {
      case COUNT:
        return (long) n;
      case SUM:
        if (n == 0) {
          return null;
        }
        if (c.type().isIntegral()) {
          return values.stream().mapToLong(v -> ((Number) v).longValue()).sum();
        }
        return exactSum(values).doubleValue();
      case AVERAGE:
        return n == 0 ? null : exactSum(values).divide(BigDecimal.valueOf(n), MC).doubleValue();
      case MIN:
        return values.stream().min(order).orElse(null);
      case MAX:
        return values.stream().max(order).orElse(null);
      case FIRST:
        return events.stream().min(byTime).map(Ev::value).orElse(null);
      case LAST:
        return events.stream().max(byTime).map(Ev::value).orElse(null);
      case FIRST_K:
        return n == 0 ? null : events.stream().sorted(byTime).limit(c.k()).map(Ev::value).toList();
      case LAST_K:
        return n == 0 ? null
            : events.stream().sorted(byTime.reversed()).limit(c.k()).map(Ev::value).toList();
      case TOP_K:
        return n == 0 ? null : values.stream().sorted(order.reversed()).limit(c.k()).toList();
      case BOTTOM_K:
        return n == 0 ? null : values.stream().sorted(order).limit(c.k()).toList();
      case UNIQUE_COUNT:
        return (long) distinct(c.type(), values).size();
      case BOUNDED_UNIQUE_COUNT:
        return (long) Math.min(distinct(c.type(), values).size(), c.k());
      case HISTOGRAM:
        return n == 0 ? null : counts(c.type(), values);
      case VARIANCE:
      case SKEW:
      case KURTOSIS:
        return moments(c.op(), values);
      default:
        throw new AssertionError("no naive form for " + c);
    }
  }

  private static BigDecimal exactSum(List<Object> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Object v : values) {
      sum = sum.add(new BigDecimal(((Number) v).doubleValue()));
    }
    return sum;
  }

  /** Exact: with S the sum, the deviations scaled by n are n*x - S, with no rounding at all. */
  private static Object moments(Operation op, List<Object> values) {
    int n = values.size();
    if (n == 0) {
      return null;
    }
    BigDecimal sum = exactSum(values);
    BigDecimal bn = BigDecimal.valueOf(n);
    BigDecimal m2 = BigDecimal.ZERO;
    BigDecimal m3 = BigDecimal.ZERO;
    BigDecimal m4 = BigDecimal.ZERO;
    for (Object v : values) {
      BigDecimal d = new BigDecimal(((Number) v).doubleValue()).multiply(bn).subtract(sum);
      BigDecimal d2 = d.multiply(d);
      m2 = m2.add(d2);
      m3 = m3.add(d2.multiply(d));
      m4 = m4.add(d2.multiply(d2));
    }
    // Scaled sums: m2 = n^2 M2, m3 = n^3 M3, m4 = n^4 M4; the powers of n cancel below.
    double dn = n;
    double v2 = m2.doubleValue();
    switch (op) {
      case VARIANCE:
        return v2 / (dn * dn * dn);
      case SKEW:
        return m2.signum() == 0 ? null : Math.sqrt(dn) * m3.doubleValue() / Math.pow(v2, 1.5);
      default:
        return m2.signum() == 0 ? null : dn * m4.doubleValue() / (v2 * v2) - 3.0;
    }
  }

  static TreeSet<Object> distinct(ColumnType type, List<Object> values) {
    TreeSet<Object> set = new TreeSet<>(order(type));
    set.addAll(values);
    return set;
  }

  static TreeMap<Object, Long> counts(ColumnType type, List<Object> values) {
    TreeMap<Object, Long> counts = new TreeMap<>(order(type));
    values.forEach(v -> counts.merge(v, 1L, Long::sum));
    return counts;
  }

  private static void assertHllWithinBounds(Case c, List<Ev> events, Object actual) {
    int lgK = c.args().containsKey("lgK") ? ((Number) c.args().get("lgK")).intValue()
        : Aggregators.DEFAULT_LG_K;
    long truth = distinct(c.type(), events.stream().map(Ev::value).toList()).size();
    // HLL's relative standard error is about 1.04/sqrt(2^lgK); 4 std devs, plus one for rounding.
    double bound = 1 + 4 * 1.04 / Math.sqrt(1 << lgK) * truth;
    assertThat((Long) actual).as("%s over %s", c, events).isCloseTo(truth,
        org.assertj.core.data.Offset.offset((long) Math.ceil(bound)));
  }

  private static void assertKllWithinBounds(Case c, List<Ev> events, Object actual) {
    double[] xs = events.stream().mapToDouble(e -> ((Number) e.value()).doubleValue())
        .filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (xs.length == 0) {
      assertThat(actual).as("%s over %s", c, events).isNull();
      return;
    }
    List<?> fractions = (List<?>) c.args().getOrDefault("percentiles", List.of(0.5));
    double eps = KllSketch.getNormalizedRankError(c.k(), false);
    List<?> got = (List<?>) actual;
    assertThat(got).as("%s over %s", c, events).hasSize(fractions.size());
    for (int i = 0; i < got.size(); i++) {
      double p = ((Number) fractions.get(i)).doubleValue();
      double v = (Double) got.get(i);
      double below = Arrays.stream(xs).filter(x -> x < v).count() / (double) xs.length;
      double atOrBelow = Arrays.stream(xs).filter(x -> x <= v).count() / (double) xs.length;
      assertThat(p).as("%s: rank of %s for percentile %s over %s", c, v, p, events)
          .isBetween(below - eps, atOrBelow + eps);
    }
  }

  private static void assertFrequentWithinBounds(Case c, List<Ev> events, Object actual) {
    List<Object> values = events.stream().map(Ev::value).toList();
    if (values.isEmpty()) {
      assertThat(actual).as("%s", c).isNull();
      return;
    }
    assertThat(actual).as("%s over %s", c, events).isNotNull();
    int k = c.k();
    int lgMax = c.args().containsKey("lgMaxMapSize")
        ? ((Number) c.args().get("lgMaxMapSize")).intValue()
        : FrequentItemsAggregator.defaultLgMaxMapSize(k);
    TreeMap<Object, Long> truth = counts(c.type(), values);
    Comparator<Object> order = order(c.type());
    @SuppressWarnings("unchecked")
    Map<Object, Long> got = (Map<Object, Long>) actual;
    if (truth.size() <= (3 << lgMax) / 4) {
      // Below the map's capacity the sketch never purges: exact counts, exact top k.
      Map<Object, Long> expected = new LinkedHashMap<>();
      truth.entrySet().stream()
          .sorted(Map.Entry.<Object, Long>comparingByValue().reversed()
              .thenComparing(Map.Entry.comparingByKey(order)))
          .limit(k).forEach(e -> expected.put(e.getKey(), e.getValue()));
      assertThat(canon(got)).as("%s over %s", c, events).isEqualTo(canon(expected));
      return;
    }
    double maxError = ItemsSketch.getEpsilon(1 << lgMax) * values.size();
    // Beyond capacity the sketch purges small counters (possibly all of them): estimates only
    // overcount, by at most maxError.
    assertThat(got.size()).as("%s", c).isBetween(0, k);
    Object prevItem = null;
    long prevCount = Long.MAX_VALUE;
    for (Map.Entry<Object, Long> e : got.entrySet()) {
      long t = truth.getOrDefault(e.getKey(), 0L);
      assertThat(e.getValue()).as("%s: count of %s over %s", c, e.getKey(), events)
          .isBetween(t, t + (long) Math.floor(maxError));
      assertThat(e.getValue() < prevCount
          || (e.getValue() == prevCount && order.compare(prevItem, e.getKey()) < 0))
          .as("%s: ordered by count desc then item", c).isTrue();
      prevItem = e.getKey();
      prevCount = e.getValue();
    }
  }

  /** A form with value equality: byte[] as hex, maps as ordered entry lists. */
  static Object canon(Object v) {
    if (v instanceof byte[]) {
      return "bytes:" + HexFormat.of().formatHex((byte[]) v);
    }
    if (v instanceof List) {
      return ((List<?>) v).stream().map(Expect::canon).toList();
    }
    if (v instanceof Map) {
      return ((Map<?, ?>) v).entrySet().stream()
          .map(e -> List.of(canon(e.getKey()), canon(e.getValue()))).toList();
    }
    return v;
  }
}
