package io.tilekv.fetcher.support;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The GroupBy and seeded random events most fetcher tests use. */
public final class Purchases {
  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;
  /** A Monday, midnight UTC: tiles of every layer start here. */
  public static final long T0 = 1_705_276_800_000L;

  public static final String YAML = """
      name: purchases
      schema: {user: string, ts: long, amount: double, qty: long, item: string}
      keys: [user]
      timestamp: ts
      layers: [5m, 1h, 1d]
      aggregations:
        - {input: amount, op: COUNT, windows: [1h, 1d, 7d]}
        - {input: qty, op: SUM, windows: [1h, 1d, 7d]}
        - {input: amount, op: AVERAGE, windows: [6h, 7d]}
        - {input: item, op: LAST, windows: [1h, 1d]}
        - {input: item, op: FIRST, windows: [7d]}
        - {input: amount, op: MAX, windows: [1d]}
        - {input: item, op: UNIQUE_COUNT, windows: [7d]}
        - {input: item, op: HISTOGRAM, windows: [1h]}
        - {input: item, op: LAST_K, windows: [1d], args: {k: 3}}
        - {input: amount, op: APPROX_PERCENTILE, windows: [7d], args: {k: 200, percentiles: [0.5, 0.9]}}
      """;

  private Purchases() {}

  public static GroupBy groupBy() {
    return GroupBy.parseYaml(YAML);
  }

  /**
   * {@code n} events over {@code [from, from + span)} for users {@code u0..u<users-1>}, ascending by
   * time; about one amount in ten is null.
   */
  public static List<Row> events(GroupBy g, long seed, int n, int users, long from, long span) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = from + random.nextLong(span);
    }
    java.util.Arrays.sort(times);
    List<Row> rows = new ArrayList<>(n);
    for (long ts : times) {
      Double amount = random.nextInt(10) == 0 ? null : Math.round(random.nextDouble(0, 100) * 100) / 100.0;
      rows.add(g.row("u" + random.nextInt(users), ts, amount, (long) random.nextInt(1, 6),
          "item" + random.nextInt(8)));
    }
    return rows;
  }
}
