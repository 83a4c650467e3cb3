package io.tilekv.fetcher.bench;

import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the fetcher costs beyond the store: the in-memory store, cache off, a GroupBy of 6
 * aggregations over 1h, 1d and 7d windows with layers 5m, 1h and 1d, one key with an event every
 * 30 seconds for 8 days. {@code fetch} is one whole request (plan, read, decode, merge, finalize);
 * {@code storeOnly}, the baseline, is the one multiGet of the same tiles that {@code fetch} makes,
 * so {@code fetch - storeOnly} is the fetcher's own overhead. {@code callersN} measure requests per
 * second with N threads calling at once.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class FetcherOverheadBenchmark {
  static final long MINUTE = 60_000L;
  static final long DAY = 24 * 60 * MINUTE;
  static final long T0 = 1_705_276_800_000L;
  static final long QUERY_TIME = T0 + 8 * DAY + 14 * 60 * MINUTE + 34 * MINUTE;
  static final String YAML = """
      name: clicks
      schema: {user: string, ts: long, amount: double, page: string}
      keys: [user]
      timestamp: ts
      layers: [5m, 1h, 1d]
      aggregations:
        - {input: amount, op: COUNT, windows: [1h, 1d, 7d]}
        - {input: amount, op: SUM, windows: [1h, 1d, 7d]}
        - {input: amount, op: AVERAGE, windows: [1h, 1d, 7d]}
        - {input: amount, op: MAX, windows: [1h, 1d, 7d]}
        - {input: page, op: LAST, windows: [1h, 1d, 7d]}
        - {input: page, op: FIRST, windows: [1h, 1d, 7d]}
      """;

  MemoryKVStore store;
  Fetcher fetcher;
  FetchRequest request;
  List<Key> tileKeys;

  @Setup
  public void setUp() {
    store = new MemoryKVStore();
    GroupBy g = GroupBy.parseYaml(YAML);
    SplittableRandom random = new SplittableRandom(1);
    List<Row> events = new ArrayList<>();
    for (long ts = T0; ts < QUERY_TIME; ts += 30_000) {
      events.add(g.row("u1", ts, random.nextDouble(0, 50), "page" + random.nextInt(20)));
    }
    new TestTiles(g, store).write(events);
    fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled()).build();
    request = FetchRequest.ofValues("clicks", "u1").at(QUERY_TIME);
    byte[] entity = EntityKey.of("u1").bytes();
    tileKeys = new ArrayList<>();
    for (TileRef t : TilePlanner.plan(g, QUERY_TIME).tiles()) {
      tileKeys.add(TileKeys.key(entity, t.size(), t.start()));
    }
    FetchResponse check = fetch();
    if (!check.errors().isEmpty() || check.features().size() != 18) {
      throw new IllegalStateException("unexpected answer " + check);
    }
    System.out.printf("%n%d tiles per request%n", tileKeys.size());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public FetchResponse fetch() {
    return fetcher.fetch(request).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Optional<byte[]>> storeOnly() {
    return store.multiGet("clicks", tileKeys).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public FetchResponse callers1() {
    return fetcher.fetch(request).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(8)
  public FetchResponse callers8() {
    return fetcher.fetch(request).join();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(64)
  public FetchResponse callers64() {
    return fetcher.fetch(request).join();
  }
}
