package io.tilekv.tiling.agg;

/** The aggregation operations of a GroupBy, by their names in GroupBy files. */
public enum Operation {
  COUNT, SUM, AVERAGE, MIN, MAX, FIRST, LAST, FIRST_K, LAST_K, TOP_K, BOTTOM_K, UNIQUE_COUNT,
  BOUNDED_UNIQUE_COUNT, HISTOGRAM, VARIANCE, SKEW, KURTOSIS, APPROX_UNIQUE_COUNT,
  APPROX_PERCENTILE, APPROX_FREQUENT_K
}
