package io.tilekv.tiling.oracle;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link BruteForceOracle} expects for APPROX_PERCENTILE: the exact values at the requested
 * ranks and the sorted data they come from, so that {@link FeatureComparator} can check a sketch's
 * answer by rank error rather than by value.
 *
 * @param values the exact values: for rank r, the smallest value v with at least r * n values
 *     {@code <= v} (the "inclusive" definition)
 * @param sorted every input value, ascending
 * @param ranks the requested ranks
 */
public record ExactQuantiles(List<Double> values, double[] sorted, double[] ranks) {

  /** Fraction of the data strictly below {@code v}. */
  public double rankBelow(double v) {
    int i = lowerBound(v);
    return (double) i / sorted.length;
  }

  /** Fraction of the data at or below {@code v}. */
  public double rankAtOrBelow(double v) {
    int i = lowerBound(v);
    while (i < sorted.length && Double.compare(sorted[i], v) <= 0) {
      i++;
    }
    return (double) i / sorted.length;
  }

  private int lowerBound(double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExactQuantiles q && q.values.equals(values) && Arrays.equals(q.sorted, sorted)
        && Arrays.equals(q.ranks, ranks);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "exactly " + values + " at ranks " + Arrays.toString(ranks) + " of " + sorted.length + " values";
  }
}
