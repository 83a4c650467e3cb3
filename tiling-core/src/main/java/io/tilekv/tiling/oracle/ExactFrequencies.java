package io.tilekv.tiling.oracle;

import java.util.Map;

/**
 * What {@link BruteForceOracle} expects for APPROX_FREQUENT_K: the exact top k (count descending,
 * then value ascending) and every value's exact count, so that {@link FeatureComparator} can check
 * a sketch's estimates against their error bound.
 *
 * @param topK the exact answer while the sketch is exact
 * @param counts every value's count, in value order (byte[] values are looked up by content)
 * @param n the number of values
 */
public record ExactFrequencies(Map<Object, Long> topK, Map<Object, Long> counts, long n) {
  @Override
  public String toString() {
    return "exactly " + Values.show(topK) + " of " + n + " values";
  }
}
