package io.tilekv.fetcher.bench;

import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.store.rocksdb.RocksDbKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.Window;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seeds' case on the embedded RocksDB store: one key with 10 events per second, a 12h window
 * (432,000 events). {@code tiled} fetches the features from tiles (cache off, so every tile is read
 * from RocksDB each time); {@code untiled} (the baseline) stores every event as its own entry in the
 * same RocksDB, ordered by time under the key, and answers by scanning the window and aggregating
 * at read time with the same aggregators. The setup prints the values each path reads per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TiledVsUntiledBenchmark {
  static final long HOUR = 3_600_000L;
  /**
   * 2024-01-15T18:34:00Z: the window starts at 06:00 and is covered by thirteen 1h tiles (at 12:34
   * it would start at midnight and take a single 1d tile, flattering the tiled path).
   */
  static final long QUERY_TIME = 1_705_276_800_000L + 18 * HOUR + 34 * 60_000L;
  static final long WINDOW = 12 * HOUR;
  static final String YAML = """
      name: ice_cream
      schema: {customer_id: string, created: long, flavour: string, price: double}
      keys: [customer_id]
      timestamp: created
      layers: [5m, 1h, 1d]
      aggregations:
        - {input: customer_id, op: COUNT, windows: [12h]}
        - {input: price, op: SUM, windows: [12h]}
        - {input: price, op: AVERAGE, windows: [12h]}
        - {input: price, op: MAX, windows: [12h]}
        - {input: flavour, op: LAST, windows: [12h]}
        - {input: flavour, op: UNIQUE_COUNT, windows: [12h]}
      """;
  static final String RAW = "ice_cream_raw";

  private Path dir;
  private KVStore store;
  private GroupBy groupBy;
  private GroupByAggregator aggregator;
  private Fetcher fetcher;
  private FetchRequest request;
  private byte[] rawPartition;
  private Window window;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tilekv-bench");
    store = RocksDbKVStore.open(dir);
    groupBy = GroupBy.parseYaml(YAML);
    aggregator = new GroupByAggregator(groupBy);
    window = groupBy.windows().get(0);
    List<Row> events = events(groupBy);
    new TestTiles(groupBy, store).write(events);
    writeRaw(events);
    fetcher = Fetcher.builder().store(store).groupBys(groupBy).cache(CacheOptions.disabled()).build();
    request = FetchRequest.ofValues("ice_cream", "alice").at(QUERY_TIME);

    FetchResponse tiledAnswer = tiled();
    Map<String, Object> untiledAnswer = untiled();
    if (!tiledAnswer.features().equals(untiledAnswer) || !tiledAnswer.errors().isEmpty()) {
      throw new IllegalStateException("the paths disagree: " + tiledAnswer.features() + " vs " + untiledAnswer);
    }
    CountingStore counting = new CountingStore(store);
    Fetcher countingFetcher = Fetcher.builder().store(counting).groupBys(groupBy).cache(CacheOptions.disabled()).build();
    countingFetcher.fetch(request).join();
    long tiledValues = counting.valuesRead();
    long tiledBytes = counting.bytesRead();
    counting.resetCounts();
    counting.scan(RAW, rawPartition, window.start(QUERY_TIME), QUERY_TIME).join();
    System.out.printf("%nvalues read per request: tiled %d (%d bytes), untiled %d (%d bytes): %.0fx fewer values%n",
        tiledValues, tiledBytes, counting.valuesRead(), counting.bytesRead(),
        (double) counting.valuesRead() / tiledValues);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public FetchResponse tiled() {
    return fetcher.fetch(request).join();
  }

  @Benchmark
  public Map<String, Object> untiled() {
    List<Entry> entries = store.scan(RAW, rawPartition, window.start(QUERY_TIME), QUERY_TIME).join();
    Object[] irs = aggregator.init();
    for (Entry e : entries) {
      irs = aggregator.update(irs, decodeRow(e.value()));
    }
    return aggregator.finalizeWindow(window, irs);
  }

  /** 10 events per second for the 12 hours before the query time, plus an hour either side. */
  static List<Row> events(GroupBy g) {
    SplittableRandom random = new SplittableRandom(2024);
    String[] flavours = {"vanilla", "chocolate", "mint", "strawberry", "pistachio", "lemon"};
    List<Row> rows = new ArrayList<>();
    for (long ts = QUERY_TIME - WINDOW - HOUR; ts < QUERY_TIME; ts += 100) {
      // Whole-number prices keep double sums exact whichever order tiles are merged in.
      rows.add(g.row("alice", ts, flavours[random.nextInt(flavours.length)], (double) (1 + random.nextInt(9))));
    }
    return rows;
  }

  private void writeRaw(List<Row> events) {
    store.createDataset(RAW).join();
    rawPartition = EntityKey.of("alice").bytes();
    List<Entry> batch = new ArrayList<>();
    for (Row r : events) {
      batch.add(Entry.of(Key.of(rawPartition, r.timestamp()), encodeRow(r)));
      if (batch.size() == 10_000) {
        store.multiPut(RAW, batch).join();
        batch.clear();
      }
    }
    store.multiPut(RAW, batch).join();
  }

  private static byte[] encodeRow(Row r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(r.timestamp());
      out.writeUTF((String) r.get(2));
      out.writeDouble((Double) r.get(3));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private Row decodeRow(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    long ts = in.getLong();
    int flavourLength = in.getShort() & 0xffff;
    String flavour = new String(value, 10, flavourLength, StandardCharsets.UTF_8);
    in.position(10 + flavourLength);
    return groupBy.row("alice", ts, flavour, in.getDouble());
  }
}
