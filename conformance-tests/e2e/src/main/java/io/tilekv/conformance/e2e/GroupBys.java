package io.tilekv.conformance.e2e;

import io.tilekv.tiling.GroupBy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GroupBys of the end-to-end suite. Each call gives a fresh dataset name unique to the run, so
 * the suite can run again and again against a persistent store.
 */
final class GroupBys {
  private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private static final AtomicInteger DATASETS = new AtomicInteger();

  private GroupBys() {}

  /** Every aggregation of the specification, default layers (5m, 1h, 1d), windows 1h to 30d. */
  static GroupBy everyAggregation() {
    return GroupBy.parseYaml("""
        name: e2e_every_aggregation
        dataset: %s
        schema: {user: string, ts: long, amount: double, qty: long, item: string}
        keys: [user]
        timestamp: ts
        aggregations:
          - {input: qty, op: COUNT, windows: [1h, 1d, 30d]}
          - {input: qty, op: SUM, windows: [1h, 7d]}
          - {input: amount, op: SUM, windows: [1d]}
          - {input: amount, op: AVERAGE, windows: [6h, 30d]}
          - {input: amount, op: MIN, windows: [1d]}
          - {input: qty, op: MAX, windows: [7d]}
          - {input: item, op: FIRST, windows: [1d]}
          - {input: item, op: LAST, windows: [1h, 30d]}
          - {input: item, op: FIRST_K, windows: [1d], args: {k: 3}}
          - {input: qty, op: LAST_K, windows: [7d], args: {k: 3}}
          - {input: amount, op: TOP_K, windows: [1d], args: {k: 3}}
          - {input: qty, op: BOTTOM_K, windows: [30d], args: {k: 4}}
          - {input: item, op: UNIQUE_COUNT, windows: [1d, 7d]}
          - {input: item, op: BOUNDED_UNIQUE_COUNT, windows: [7d], args: {k: 5}}
          - {input: item, op: HISTOGRAM, windows: [1d]}
          - {input: amount, op: VARIANCE, windows: [1d, 30d]}
          - {input: amount, op: SKEW, windows: [7d]}
          - {input: amount, op: KURTOSIS, windows: [7d]}
          - {input: item, op: APPROX_UNIQUE_COUNT, windows: [7d], args: {lgK: 10}}
          - {input: amount, op: APPROX_PERCENTILE, windows: [1d, 30d], args: {k: 200, percentiles: [0.5, 0.9]}}
          - {input: item, op: APPROX_FREQUENT_K, windows: [7d], args: {k: 4}}
        """.formatted(dataset()));
  }

  /** Chronon-like single layer: 5-minute tiles only, a compound key, windows 1h to 1d. */
  static GroupBy singleLayer() {
    return GroupBy.parseYaml("""
        name: e2e_single_layer
        dataset: %s
        schema: {shop: string, region: long, ts: long, price: double}
        keys: [shop, region]
        timestamp: ts
        layers: [5m]
        aggregations:
          - {input: price, op: COUNT, windows: [1h, 1d]}
          - {input: price, op: SUM, windows: [6h]}
          - {input: price, op: MAX, windows: [1d]}
          - {input: price, op: LAST, windows: [1h]}
        """.formatted(dataset()));
  }

  /** Explicit layers 1m, 5m, 1h, 1d and a 2-day window with an explicit one-hour hop. */
  static GroupBy fineLayers() {
    return GroupBy.parseYaml("""
        name: e2e_fine_layers
        dataset: %s
        schema: {device: long, ts: long, reading: double, state: string}
        keys: [device]
        timestamp: ts
        layers: [1m, 5m, 1h, 1d]
        aggregations:
          - {input: reading, op: AVERAGE, windows: [10m, 1h]}
          - {input: state, op: HISTOGRAM, windows: [{length: 2d, hop: 1h}]}
          - {input: reading, op: APPROX_PERCENTILE, windows: [1h], args: {percentiles: [0.25, 0.75]}}
        """.formatted(dataset()));
  }

  /** Second-sized tiles and windows, so tile TTLs (window + tile + margin) are a few seconds. */
  static GroupBy shortLived() {
    return GroupBy.parseYaml("""
        name: e2e_short_lived
        dataset: %s
        schema: {user: string, ts: long, qty: long}
        keys: [user]
        timestamp: ts
        layers: [1s]
        ttl_margin: 1s
        aggregations:
          - {input: qty, op: COUNT, windows: [{length: 2s, hop: 1s}]}
          - {input: qty, op: SUM, windows: [{length: 2s, hop: 1s}]}
        """.formatted(dataset()));
  }

  private static String dataset() {
    return "e2e_" + RUN + "_" + DATASETS.incrementAndGet();
  }
}
