package io.tilekv.tiling.agg;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.ColumnType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@link Aggregator} of each {@link Operation} (SPEC section 5) and describes their
 * results.
 *
 * <p><b>Input types.</b> SUM, AVERAGE, VARIANCE, SKEW, KURTOSIS and APPROX_PERCENTILE need a
 * numeric column (LONG, INT, DOUBLE, FLOAT); every other operation takes any column type. Values
 * passed to {@link Aggregator#update} have the column's Java type (other {@link Number} types are
 * converted for numeric columns).
 *
 * <p><b>Args</b> (unknown names are rejected; integers may be given as numbers or strings):
 * <ul>
 *   <li>FIRST_K, LAST_K, TOP_K, BOTTOM_K, BOUNDED_UNIQUE_COUNT, APPROX_FREQUENT_K: {@code k} in
 *       [1, {@value #MAX_K}], default {@value #DEFAULT_K}.
 *   <li>APPROX_UNIQUE_COUNT: {@code lgK} in [4, 21], default {@value #DEFAULT_LG_K} (HLL_8 sketch;
 *       relative standard error about 1.04/sqrt(2^lgK): 1.15% at 13, as accurate as the CPC
 *       sketch of lgK 12 that tiles of format 1 and 2 hold; 1.6% at 12, 0.8% at 14).
 *   <li>APPROX_PERCENTILE: {@code k} in [8, 65535], default {@value #DEFAULT_KLL_K} (KLL sketch;
 *       normalized rank error ~1.33% at 200), and {@code percentiles}, a non-empty list of
 *       fractions in [0, 1], default [0.5].
 *   <li>APPROX_FREQUENT_K: also {@code lgMaxMapSize} in [3, 24], the frequent-items sketch's map
 *       size, default max(3, ceil(log2(k)) + 3) (counts exact while at most 0.75 * 2^lgMaxMapSize
 *       distinct items were seen; otherwise overestimates by at most 3.5/2^lgMaxMapSize of the
 *       number of values, never underestimates). The result is a LinkedHashMap item -&gt; count,
 *       at most k entries, by count descending then item ascending.
 * </ul>
 *
 * <p><b>Order.</b> Where values are compared (MIN, MAX, TOP_K, BOTTOM_K, ties of FIRST/LAST and
 * FIRST_K/LAST_K, HISTOGRAM keys, distinctness) one total order is used: natural order, with
 * {@link Double#compare} for floating point (-0.0 &lt; 0.0, NaN greater than +Infinity and equal to
 * itself; so 0.0 and -0.0 are distinct values), false &lt; true, strings by UTF-16 code units and
 * bytes by unsigned content. Results therefore never depend on event order or tile split, ties
 * included. Floating-point sums and moments may differ in their last bits (compensated summation
 * and the Chan/Pébay merge formulas keep them far within 1e-9 relative of exact arithmetic, which
 * the tests check). Sketch estimates may differ between splits (KLL compaction is randomized; HLL
 * switches estimators once merged) but always stay within the bounds above.
 *
 * <p><b>Sketches run on JDK 17 to 25.</b> The sketch operations use Apache DataSketches 6.2 (its
 * serialization formats are those of every other DataSketches release); no JVM option is needed.
 * Should its memory layer not load on some JVM, {@link #create} refuses them with an
 * IllegalStateException naming the cause instead of failing later with NoClassDefFoundError.
 *
 * <p>The finalized values are described by {@link #resultClass}; over no events see
 * {@link Aggregator#finalizeValue}: 0L for COUNT, UNIQUE_COUNT, BOUNDED_UNIQUE_COUNT and
 * APPROX_UNIQUE_COUNT, null for everything else.
 */
public final class Aggregators {
  /** Default {@code k} of the k-bounded operations. */
  public static final int DEFAULT_K = 10;
  /** Largest accepted {@code k} of the k-bounded operations (IRs must stay small). */
  public static final int MAX_K = 100_000;
  /** Default {@code lgK} of APPROX_UNIQUE_COUNT. */
  public static final int DEFAULT_LG_K = 13;
  /** Default {@code k} of APPROX_PERCENTILE. */
  public static final int DEFAULT_KLL_K = 200;

  private Aggregators() {}

  /**
   * The aggregator of {@code op} over a column of {@code inputType}.
   *
   * @param args the aggregation's args (may be empty, not null)
   * @throws IllegalArgumentException naming the problem when the input type does not suit the
   *     operation or an arg is unknown, missing its form, or out of range
   */
  @SuppressWarnings("unchecked")
  public static Aggregator<Object> create(Operation op, ColumnType inputType, Map<String, Object> args) {
    requireNonNull(op, "op is null");
    requireNonNull(inputType, "inputType is null");
    requireNonNull(args, "args is null");
    if (needsNumeric(op) && !inputType.isNumeric()) {
      throw new IllegalArgumentException(op + " needs a numeric input column (long, int, double, "
          + "float), not " + inputType.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (isApproximate(op)) {
      SketchLibrary.check(op);
    }
    ValueType type = ValueType.of(inputType);
    Aggregator<?> agg;
    switch (op) {
      case COUNT:
        new Args(op, args, Set.of());
        agg = CountAggregator.INSTANCE;
        break;
      case SUM:
        new Args(op, args, Set.of());
        agg = inputType.isIntegral() ? SumAggregators.LongSum.INSTANCE : SumAggregators.DoubleSum.INSTANCE;
        break;
      case AVERAGE:
        new Args(op, args, Set.of());
        agg = SumAggregators.Average.INSTANCE;
        break;
      case FIRST:
      case LAST:
        new Args(op, args, Set.of());
        agg = new EdgeAggregator(type, op == Operation.LAST);
        break;
      case MIN:
      case MAX:
        new Args(op, args, Set.of());
        agg = new ExtremeAggregator(type, op == Operation.MAX);
        break;
      case FIRST_K:
      case LAST_K:
      case TOP_K:
      case BOTTOM_K: {
        int k = new Args(op, args, Set.of("k")).integer("k", DEFAULT_K, 1, MAX_K);
        boolean timed = op == Operation.FIRST_K || op == Operation.LAST_K;
        boolean descending = op == Operation.LAST_K || op == Operation.TOP_K;
        agg = new KBestAggregator(type, k, timed, descending);
        break;
      }
      case UNIQUE_COUNT:
        new Args(op, args, Set.of());
        agg = new DistinctAggregator(type, Integer.MAX_VALUE);
        break;
      case BOUNDED_UNIQUE_COUNT:
        agg = new DistinctAggregator(type,
            new Args(op, args, Set.of("k")).integer("k", DEFAULT_K, 1, MAX_K));
        break;
      case HISTOGRAM:
        new Args(op, args, Set.of());
        agg = new HistogramAggregator(type);
        break;
      case VARIANCE:
      case SKEW:
      case KURTOSIS:
        new Args(op, args, Set.of());
        agg = new MomentsAggregator(op);
        break;
      case APPROX_UNIQUE_COUNT:
        agg = new HllAggregator(type,
            new Args(op, args, Set.of("lgK")).integer("lgK", DEFAULT_LG_K, 4, 21));
        break;
      case APPROX_PERCENTILE: {
        Args a = new Args(op, args, Set.of("k", "percentiles"));
        agg = new KllAggregator(a.integer("k", DEFAULT_KLL_K, 8, 65535),
            a.fractions("percentiles", new double[] {0.5}));
        break;
      }
      case APPROX_FREQUENT_K: {
        Args a = new Args(op, args, Set.of("k", "lgMaxMapSize"));
        int k = a.integer("k", DEFAULT_K, 1, MAX_K);
        agg = new FrequentItemsAggregator(type, k,
            a.integer("lgMaxMapSize", FrequentItemsAggregator.defaultLgMaxMapSize(k), 3, 24));
        break;
      }
      default:
        throw new AssertionError(op);
    }
    return (Aggregator<Object>) agg;
  }

  /** True for the sketch-based operations, whose results are estimates within error bounds. */
  public static boolean isApproximate(Operation op) {
    requireNonNull(op, "op is null");
    return op == Operation.APPROX_UNIQUE_COUNT || op == Operation.APPROX_PERCENTILE
        || op == Operation.APPROX_FREQUENT_K;
  }

  /** True when {@code op} accepts only numeric input columns. */
  public static boolean needsNumeric(Operation op) {
    requireNonNull(op, "op is null");
    switch (op) {
      case SUM: case AVERAGE: case VARIANCE: case SKEW: case KURTOSIS: case APPROX_PERCENTILE:
        return true;
      default:
        return false;
    }
  }

  /**
   * The class of the finalized value: {@code Long} (counts, integral SUM), {@code Double} (SUM of
   * floating input, AVERAGE, VARIANCE, SKEW, KURTOSIS), the input's Java class (MIN, MAX, FIRST,
   * LAST), {@code List} (the *_K operations and APPROX_PERCENTILE, a List&lt;Double&gt;) or
   * {@code Map} (HISTOGRAM, APPROX_FREQUENT_K).
   */
  public static Class<?> resultClass(Operation op, ColumnType inputType) {
    requireNonNull(op, "op is null");
    requireNonNull(inputType, "inputType is null");
    switch (op) {
      case COUNT: case UNIQUE_COUNT: case BOUNDED_UNIQUE_COUNT: case APPROX_UNIQUE_COUNT:
        return Long.class;
      case SUM:
        return inputType.isIntegral() ? Long.class : Double.class;
      case AVERAGE: case VARIANCE: case SKEW: case KURTOSIS:
        return Double.class;
      case MIN: case MAX: case FIRST: case LAST:
        return javaClass(inputType);
      case FIRST_K: case LAST_K: case TOP_K: case BOTTOM_K: case APPROX_PERCENTILE:
        return List.class;
      case HISTOGRAM: case APPROX_FREQUENT_K:
        return Map.class;
      default:
        throw new AssertionError(op);
    }
  }

  /** The Java class of a column type's values. */
  public static Class<?> javaClass(ColumnType type) {
    switch (requireNonNull(type, "type is null")) {
      case STRING: return String.class;
      case LONG: return Long.class;
      case INT: return Integer.class;
      case DOUBLE: return Double.class;
      case FLOAT: return Float.class;
      case BOOLEAN: return Boolean.class;
      case BYTES: return byte[].class;
      default: throw new AssertionError(type);
    }
  }
}
