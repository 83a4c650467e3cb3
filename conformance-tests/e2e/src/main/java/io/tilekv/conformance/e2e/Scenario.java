package io.tilekv.conformance.e2e;

import static java.util.Objects.requireNonNull;

import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.fetcher.ReadStrategy;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.KVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import io.tilekv.writer.Rejected;
import io.tilekv.writer.TileWriterJob;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One seeded input for one GroupBy: the JSON lines the writer reads (shuffled, with a hot key,
 * jittered and far-back events and malformed lines), the well-formed rows the oracle reads, and
 * the query times and keys the fetcher is asked about.
 */
final class Scenario {
  final GroupBy groupBy;
  final GeneratedEventSource.Settings settings;
  final List<String> lines;
  final List<Row> rows;
  final List<EntityKey> keys;
  final List<Long> queryTimes;
  final long start;
  final long end;

  private Scenario(GroupBy groupBy, GeneratedEventSource.Settings settings, List<String> lines,
      List<Row> rows, List<EntityKey> keys, List<Long> queryTimes, long start, long end) {
    this.groupBy = groupBy;
    this.settings = settings;
    this.lines = lines;
    this.rows = rows;
    this.keys = keys;
    this.queryTimes = queryTimes;
    this.start = start;
    this.end = end;
  }

  /**
   * {@code count} events spread over {@code spanMillis} from {@code start} over {@code keys} keys
   * (a third of them on one hot key), 5% malformed, 3% moved two days back, in shuffled order.
   */
  static Scenario generate(GroupBy groupBy, long seed, int count, int keys, long start, long spanMillis,
      int queries) {
    long spacing = Math.max(1, spanMillis / count);
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(groupBy, count)
        .withKeys(keys, 0.33).withTime(start, spacing, 20 * 60_000L)
        .withFaults(0.03, 2 * 86_400_000L, 0.05).withSeed(seed);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(GeneratedEventSource.line(s, i));
    }
    Random random = new Random(seed);
    Collections.shuffle(lines, random);
    EventParser parser = new EventParser(groupBy);
    List<Row> rows = new ArrayList<>();
    Set<EntityKey> seen = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      ParsedEvent e = parser.parse(lines.get(i), i + 1);
      if (!e.isMalformed()) {
        Row row = ((ParsedEvent.Valid) e).row();
        rows.add(row);
        seen.add(groupBy.entityKey(row));
      }
    }
    long end = start + (long) count * spacing;
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      times.add(start + (long) (random.nextDouble() * (end - start + 2 * 86_400_000L)));
    }
    times.add(end + 1); // just after the last event: every window's head is complete
    times.add(end + 31 * 86_400_000L); // after every window: everything has left
    List<EntityKey> entityKeys = new ArrayList<>(seen);
    return new Scenario(groupBy, s, lines, rows, entityKeys, times, start, end);
  }

  /** Writes the lines to a file and runs the real Flink writer over it in BATCH mode. */
  WriterSummary write(KVStore store, Path dir, int parallelism) throws Exception {
    Path file = Files.write(dir.resolve(groupBy.dataset() + "-" + UUID.randomUUID() + ".jsonl"), lines);
    String name = "e2e-" + UUID.randomUUID();
    SharedStores.register(name, store);
    try {
      return TileWriterJob.builder(groupBy, FileEventSource.of(file.toUri().toString()),
              StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.BATCH).parallelism(parallelism).build().run();
    } finally {
      SharedStores.unregister(name);
      Files.deleteIfExists(file);
    }
  }

  /** What a streaming run set aside as late, and its counts. */
  record Streamed(WriterSummary summary, List<Rejected> late) {}

  /**
   * Runs the real Flink writer in STREAMING mode over the events in generation order (jittered,
   * with the days-late share): late events are dropped and reported on the writer's side output.
   */
  Streamed writeStreaming(KVStore store) throws Exception {
    String name = "e2e-" + UUID.randomUUID();
    SharedStores.register(name, store);
    try {
      // Throttled so that watermarks (emitted every 200 ms) advance while events still arrive.
      TileWriterJob job = TileWriterJob.builder(groupBy, new GeneratedEventSource(settings.withRate(1_500)),
              StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.STREAMING).parallelism(1).build();
      StreamExecutionEnvironment env = job.environment();
      DataStream.Collector<Rejected> late = new DataStream.Collector<>();
      job.addTo(env).late().collectAsync(late);
      JobExecutionResult result = env.execute("tilekv conformance: streaming " + groupBy.name());
      List<Rejected> dropped = new ArrayList<>();
      try (var it = late.getOutput()) {
        it.forEachRemaining(dropped::add);
      }
      return new Streamed(WriterSummary.of(result), dropped);
    } finally {
      SharedStores.unregister(name);
    }
  }

  /** This scenario without the events a streaming run reported late: what the store should hold. */
  Scenario without(List<Rejected> late) {
    Map<String, Integer> dropped = new java.util.HashMap<>();
    for (Rejected r : late) {
      dropped.merge(r.event(), 1, Integer::sum);
    }
    List<Row> kept = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String text = row.toString();
      Integer n = dropped.get(text);
      if (n == null) {
        kept.add(row);
      } else if (n == 1) {
        dropped.remove(text);
      } else {
        dropped.put(text, n - 1);
      }
    }
    if (!dropped.isEmpty()) {
      throw new AssertionError("the writer reported late events that are not in the input: " + dropped.keySet());
    }
    return new Scenario(groupBy, settings, lines, kept, keys, queryTimes, start, end);
  }

  /** Everything the fetcher answers, by query time and key, with the store's errors if any. */
  Map<String, FetchResponse> fetchAll(KVStore store, ReadStrategy strategy) {
    Fetcher fetcher = Fetcher.builder().store(store).groupBys(groupBy).cache(CacheOptions.disabled())
        .readStrategy(strategy).build();
    List<FetchRequest> requests = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (long q : queryTimes) {
      for (EntityKey k : keysWithAStranger()) {
        requests.add(FetchRequest.of(groupBy.name(), k).at(q));
        labels.add(k + " at " + q);
      }
    }
    List<FetchResponse> responses = fetcher.fetch(requests).join();
    Map<String, FetchResponse> out = new TreeMap<>();
    for (int i = 0; i < responses.size(); i++) {
      out.put(labels.get(i), responses.get(i));
    }
    return out;
  }

  /** Every difference between the fetcher's answers and the brute-force oracle, described. */
  List<String> mismatches(KVStore store, ReadStrategy strategy) {
    Map<String, FetchResponse> answers = fetchAll(store, strategy);
    List<String> out = new ArrayList<>();
    for (long q : queryTimes) {
      for (EntityKey k : keysWithAStranger()) {
        String label = k + " at " + q;
        FetchResponse r = requireNonNull(answers.get(label), label);
        if (!r.errors().isEmpty()) {
          out.add(label + ": errors " + r.errors());
          continue;
        }
        Map<String, Object> expected = BruteForceOracle.featuresAsStored(groupBy, rows, k, q);
        for (String m : FeatureComparator.mismatches(groupBy, expected, r.features())) {
          out.add(label + ": " + m);
        }
      }
    }
    return out;
  }

  /** The generated keys and one the writer never saw, which must answer like an empty window. */
  private List<EntityKey> keysWithAStranger() {
    List<EntityKey> all = new ArrayList<>(keys);
    Map<String, String> stranger = new TreeMap<>();
    for (String column : groupBy.keys()) {
      stranger.put(column, groupBy.schema().type(column) == io.tilekv.tiling.ColumnType.STRING ? "nobody" : "987654");
    }
    all.add(groupBy.entityKey(stranger));
    return all;
  }
}
