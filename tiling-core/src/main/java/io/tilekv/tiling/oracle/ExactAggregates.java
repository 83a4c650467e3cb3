package io.tilekv.tiling.oracle;

import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.agg.Operation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each operation computed directly from all of a window's values, written independently of the
 * aggregators and as plainly as possible: sorting, exact BigDecimal sums, two-pass moments.
 */
final class ExactAggregates {
  /** One non-null input value with its event time. */
  record Value(long ts, Object value) {}

  private static final Comparator<Value> BY_TIME =
      Comparator.comparingLong(Value::ts).thenComparing(Value::value, Values.ORDER);

  private ExactAggregates() {}

  static Object compute(Operation op, ColumnType type, Map<String, Object> args, List<Value> in) {
    int n = in.size();
    List<Object> values = in.stream().map(Value::value).toList();
    switch (op) {
      case COUNT:
        return (long) n;
      case UNIQUE_COUNT:
      case APPROX_UNIQUE_COUNT:
        return (long) distinct(values).size();
      case BOUNDED_UNIQUE_COUNT:
        return (long) Math.min(distinct(values).size(), Values.intArg(args, "k", 10));
      default:
        break;
    }
    if (n == 0) {
      return null;
    }
    int k = Values.intArg(args, "k", 10);
    List<Value> byTime = new ArrayList<>(in);
    byTime.sort(BY_TIME);
    List<Object> sorted = new ArrayList<>(values);
    sorted.sort(Values.ORDER);
    switch (op) {
      case SUM:
        if (type.isIntegral()) {
          long s = 0;
          for (Object v : values) {
            s += ((Number) v).longValue();
          }
          return s;
        }
        return exactSum(values).doubleValue();
      case AVERAGE:
        return exactSum(values).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
      case MIN:
        return sorted.get(0);
      case MAX:
        return sorted.get(n - 1);
      case FIRST:
        return byTime.get(0).value();
      case LAST:
        return byTime.get(n - 1).value();
      case FIRST_K:
        return byTime.subList(0, Math.min(k, n)).stream().map(Value::value).toList();
      case LAST_K:
        return reversed(byTime).subList(0, Math.min(k, n)).stream().map(Value::value).toList();
      case BOTTOM_K:
        return List.copyOf(sorted.subList(0, Math.min(k, n)));
      case TOP_K:
        return List.copyOf(reversed(sorted).subList(0, Math.min(k, n)));
      case HISTOGRAM:
        return histogram(values);
      case VARIANCE:
      case SKEW:
      case KURTOSIS:
        return moments(op, values);
      case APPROX_PERCENTILE:
        return quantiles(values, Values.fractionsArg(args, "percentiles"));
      case APPROX_FREQUENT_K:
        return frequencies(values, k);
      default:
        throw new IllegalArgumentException("the oracle does not know " + op);
    }
  }

  private static TreeSet<Object> distinct(List<Object> values) {
    TreeSet<Object> set = new TreeSet<>(Values.ORDER);
    set.addAll(values);
    return set;
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> r = new ArrayList<>(list);
    java.util.Collections.reverse(r);
    return r;
  }

  private static BigDecimal exactSum(List<Object> values) {
    BigDecimal s = BigDecimal.ZERO;
    for (Object v : values) {
      s = s.add(v instanceof Long || v instanceof Integer
          ? BigDecimal.valueOf(((Number) v).longValue()) : new BigDecimal(((Number) v).doubleValue()));
    }
    return s;
  }

  private static Map<Object, Long> histogram(List<Object> values) {
    TreeMap<Object, Long> h = new TreeMap<>(Values.ORDER);
    for (Object v : values) {
      h.merge(v, 1L, Long::sum);
    }
    return h;
  }

  /** Population moments around the exact mean (two passes, so no cancellation in the mean). */
  private static Double moments(Operation op, List<Object> values) {
    int n = values.size();
    double mean = exactSum(values).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (Object v : values) {
      double d = ((Number) v).doubleValue() - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    return switch (op) {
      case VARIANCE -> m2;
      case SKEW -> m2 == 0 ? null : m3 / Math.pow(m2, 1.5);
      case KURTOSIS -> m2 == 0 ? null : m4 / (m2 * m2) - 3.0;
      default -> throw new AssertionError(op);
    };
  }

  private static ExactQuantiles quantiles(List<Object> values, double[] ranks) {
    double[] sorted = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
    List<Double> out = new ArrayList<>();
    for (double r : ranks) {
      int idx = (int) Math.ceil(r * sorted.length) - 1;
      out.add(sorted[Math.max(0, Math.min(sorted.length - 1, idx))]);
    }
    return new ExactQuantiles(List.copyOf(out), sorted, ranks.clone());
  }

  private static ExactFrequencies frequencies(List<Object> values, int k) {
    Map<Object, Long> counts = histogram(values);
    List<Map.Entry<Object, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> {
      int c = Long.compare(b.getValue(), a.getValue());
      return c != 0 ? c : Values.compare(a.getKey(), b.getKey());
    });
    Map<Object, Long> top = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(k, entries.size()); i++) {
      top.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    return new ExactFrequencies(top, counts, values.size());
  }
}
