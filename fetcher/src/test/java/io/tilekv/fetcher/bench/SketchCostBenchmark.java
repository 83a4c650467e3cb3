package io.tilekv.fetcher.bench;

import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a sketch feature costs to serve against exact ones: one whole request (in-memory store,
 * plan, read, decode, merge, finalize) for one key with an event every 30 seconds for 8 days,
 * layers 5m/1h/1d. {@code features}: {@code exact6} is the six exact aggregations over 1h, 1d and
 * 7d of {@link FetcherOverheadBenchmark} (the baseline), {@code unique7d} one APPROX_UNIQUE_COUNT
 * 7d feature (default lgK) over a value that is new at every event, {@code percentile7d} one
 * APPROX_PERCENTILE 7d feature (default k). {@code cache}: off, or on with every tile complete
 * (decoded IRs of the tiles come from the fetcher's cache). Report ratios to {@code exact6} of the
 * same run and cache setting:
 * {@code mvn -q -pl fetcher test-compile exec:exec -Pbench -Dbench.args="SketchCost"}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SketchCostBenchmark {
  static final long DAY = 86_400_000L;
  static final long T0 = 1_705_276_800_000L;
  static final long QUERY_TIME = T0 + 8 * DAY + 14 * 3_600_000L + 34 * 60_000L;
  static final String HEAD = """
      name: clicks
      schema: {user: string, ts: long, amount: double, page: string, session: long}
      keys: [user]
      timestamp: ts
      layers: [5m, 1h, 1d]
      aggregations:
      """;

  @Param({"exact6", "unique7d", "percentile7d"})
  public String features;

  @Param({"off", "on"})
  public String cache;

  Fetcher fetcher;
  FetchRequest request;

  static String aggregations(String features) {
    switch (features) {
      case "exact6":
        return """
              - {input: amount, op: COUNT, windows: [1h, 1d, 7d]}
              - {input: amount, op: SUM, windows: [1h, 1d, 7d]}
              - {input: amount, op: AVERAGE, windows: [1h, 1d, 7d]}
              - {input: amount, op: MAX, windows: [1h, 1d, 7d]}
              - {input: page, op: LAST, windows: [1h, 1d, 7d]}
              - {input: page, op: FIRST, windows: [1h, 1d, 7d]}
            """;
      case "unique7d":
        return "  - {input: session, op: APPROX_UNIQUE_COUNT, windows: [7d]}\n";
      case "percentile7d":
        return "  - {input: amount, op: APPROX_PERCENTILE, windows: [7d]}\n";
      default:
        throw new IllegalArgumentException(features);
    }
  }

  @Setup
  public void setUp() {
    MemoryKVStore store = new MemoryKVStore();
    GroupBy g = GroupBy.parseYaml(HEAD + aggregations(features));
    SplittableRandom random = new SplittableRandom(1);
    List<Row> events = new ArrayList<>();
    for (long ts = T0; ts < QUERY_TIME; ts += 30_000) {
      events.add(g.row("u1", ts, random.nextDouble(0, 50), "page" + random.nextInt(20),
          random.nextLong()));
    }
    new TestTiles(g, store).write(events);
    fetcher = Fetcher.builder().store(store).groupBys(g)
        .cache(cache.equals("on") ? CacheOptions.builder().maxBytes(64 << 20).build() : CacheOptions.disabled())
        .build();
    request = FetchRequest.ofValues("clicks", "u1").at(QUERY_TIME);
    FetchResponse check = fetch();
    if (!check.errors().isEmpty()) {
      throw new IllegalStateException("unexpected answer " + check);
    }
    System.out.printf("%n%s: %d tiles per request, %s%n", features,
        TilePlanner.plan(g, QUERY_TIME).tiles().size(), check.features());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public FetchResponse fetch() {
    return fetcher.fetch(request).join();
  }
}
