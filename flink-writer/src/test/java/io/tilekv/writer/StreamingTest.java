package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.GeneratedEventSource;
import io.tilekv.writer.testing.Collected;
import io.tilekv.writer.testing.Events;
import io.tilekv.writer.testing.LinesSource;
import io.tilekv.writer.testing.MiniFlink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streaming runs over out-of-order, late and malformed events: the stored tiles merge to the
 * features of exactly the events the writer accepted, and every set-aside event is counted.
 */
class StreamingTest {
  static final long START = 1_700_000_000_000L;
  static final long MINUTE = 60_000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;

  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  /**
   * Events one minute apart in event time, up to 4 minutes out of order; 5% are 20 minutes late
   * (within the 2 h lateness: their tiles are rewritten); from line 1500 on, 3% are 2 days late
   * (beyond it); 2% are malformed.
   */
  static List<String> lines(GroupBy g, int n, long seed) {
    return lines(g, n, seed, new ArrayList<>());
  }

  /** As {@link #lines(GroupBy, int, long)}, adding the 2-day-late lines to {@code beyond}. */
  static List<String> lines(GroupBy g, int n, long seed, List<String> beyond) {
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, n)
        .withKeys(8, 0.4).withTime(START, MINUTE, 4 * MINUTE).withSeed(seed);
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double dice = r.nextDouble();
      GeneratedEventSource.Settings t = dice < 0.05 ? s.withFaults(1, 20 * MINUTE, 0)
          : dice < 0.08 && i >= 1500 ? s.withFaults(1, 2 * DAY, 0)
          : dice < 0.10 ? s.withFaults(0, 0, 1) : s;
      out.add(GeneratedEventSource.line(t, i));
      if (dice >= 0.05 && dice < 0.08 && i >= 1500) {
        beyond.add(out.get(i));
      }
    }
    return out;
  }

  static List<Long> queryTimes(int n) {
    List<Long> q = new ArrayList<>();
    Random r = new Random(11);
    for (int i = 0; i < 10; i++) {
      q.add(START + (long) (r.nextDouble() * n * MINUTE));
    }
    q.add(START + n * MINUTE + 2 * DAY);
    return q;
  }

  @ParameterizedTest(name = "{0} trigger {1}")
  @CsvSource({"purchases.yaml, event", "purchases.yaml, 1s", "sessions.yaml, 200ms"})
  void storedTilesMergeToTheFeaturesOfTheAcceptedEvents(String file, String trigger)
      throws Exception {
    GroupBy g = Events.groupBy(file);
    int n = 4_000;
    List<String> beyondLines = new ArrayList<>();
    List<String> lines = lines(g, n, file.length(), beyondLines);
    List<Row> rows = Events.rows(g, lines);
    java.util.Set<String> beyond = Events.rows(g, beyondLines).stream().map(Row::toString)
        .collect(Collectors.toSet());
    String name = "streaming-" + file + "-" + trigger;
    MemoryKVStore store = new MemoryKVStore();
    SharedStores.register(name, store);
    try {
      TileWriterJob job = TileWriterJob.builder(g, LinesSource.of(lines, 2_000),
              StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.STREAMING).parallelism(1)
          .trigger(EmitTrigger.parse(trigger))
          .outOfOrderness(Duration.ofMinutes(5)).allowedLateness(Duration.ofHours(2))
          .idleness(Duration.ZERO).checkpointInterval(Duration.ofSeconds(1))
          .build();
      StreamExecutionEnvironment env = job.environment();
      TileWriterJob.Streams streams = job.addTo(env);
      streams.late().sinkTo(Collected.into(name + "-late"));
      streams.malformed().sinkTo(Collected.into(name + "-malformed"));
      JobExecutionResult result = env.execute();
      WriterSummary summary = WriterSummary.of(result);
      List<Rejected> late = Collected.get(name + "-late");
      List<Rejected> malformed = Collected.get(name + "-malformed");

      assertThat(summary.eventsRead()).isEqualTo(n);
      assertThat(summary.malformed()).isEqualTo(malformed.size()).isEqualTo(n - rows.size());
      // Which of the 2-day-late events find their tiles dropped depends on how far the periodic
      // watermark got; none of the others may be dropped, and each drop is counted once.
      assertThat(summary.late()).isEqualTo(late.size()).isPositive()
          .isLessThanOrEqualTo(beyond.size());
      assertThat(late).allMatch(r -> r.kind() == Rejected.Kind.LATE && beyond.contains(r.event()));
      Map<String, Long> lateRows = late.stream()
          .collect(Collectors.groupingBy(Rejected::event, Collectors.counting()));
      List<Row> accepted = new ArrayList<>();
      Map<String, Long> skipped = new HashMap<>();
      for (Row row : rows) {
        String key = row.toString();
        if (skipped.getOrDefault(key, 0L) < lateRows.getOrDefault(key, 0L)) {
          skipped.merge(key, 1L, Long::sum);
        } else {
          accepted.add(row);
        }
      }
      assertThat(accepted).hasSize(rows.size() - late.size());
      assertThat(Events.mismatches(store, g, accepted, queryTimes(n))).isEmpty();
    } finally {
      SharedStores.unregister(name);
    }
  }

  @Test
  void eventsBeforeTheCutoverAreIgnoredAndCounted() throws Exception {
    GroupBy g = Events.groupBy("purchases.yaml");
    int n = 3_000;
    List<String> lines = new ArrayList<>();
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, n)
        .withKeys(5, 0.2).withTime(START, MINUTE, 0);
    for (int i = 0; i < n; i++) {
      lines.add(GeneratedEventSource.line(s, i));
    }
    long cutover = (START / DAY + 1) * DAY;
    List<Row> rows = Events.rows(g, lines);
    List<Row> after = rows.stream().filter(r -> r.timestamp() >= cutover).toList();
    String name = "cutover";
    MemoryKVStore store = new MemoryKVStore();
    SharedStores.register(name, store);
    try {
      WriterSummary summary = TileWriterJob.builder(g, LinesSource.of(lines, 5_000),
              StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.STREAMING).parallelism(1).cutover(cutover)
          .build().run();

      assertThat(summary.beforeCutover()).isEqualTo(rows.size() - after.size()).isPositive();
      assertThat(Events.mismatches(store, g, after, queryTimes(n))).isEmpty();
    } finally {
      SharedStores.unregister(name);
    }
  }
}
