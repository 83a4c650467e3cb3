package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import io.tilekv.writer.testing.Events;
import io.tilekv.writer.testing.MiniFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bounded file runs in BATCH mode and writes historical tiles that merge to the exact features. */
class BackfillTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"purchases.yaml", "sessions.yaml"})
  void shuffledFileWithMalformedLinesGivesTheFeaturesOfEveryWellFormedEvent(String file)
      throws Exception {
    GroupBy g = Events.groupBy(file);
    long start = 1_700_000_000_000L;
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, 3_000)
        .withKeys(6, 0.5).withTime(start, 60_000, 0).withFaults(0, 0, 0.03).withSeed(file.length());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < s.count(); i++) {
      lines.add(GeneratedEventSource.line(s, i));
    }
    Collections.shuffle(lines, new Random(7));
    Path events = Files.write(dir.resolve("events.jsonl"), lines);
    List<Row> rows = Events.rows(g, lines);

    MemoryKVStore store = new MemoryKVStore();
    String name = "backfill-" + file;
    SharedStores.register(name, store);
    try {
      TileWriterJob job = TileWriterJob.builder(g, FileEventSource.of(events.toUri().toString()),
          StoreFactory.shared(name)).parallelism(2).build();
      assertThat(job.mode()).isEqualTo(TileWriterJob.Mode.BATCH);
      WriterSummary summary = job.run();

      assertThat(summary.eventsRead()).isEqualTo(lines.size());
      assertThat(summary.malformed()).isEqualTo(lines.size() - rows.size()).isPositive();
      assertThat(summary.late()).isZero();
      List<Long> queries = new ArrayList<>();
      Random r = new Random(3);
      for (int i = 0; i < 12; i++) {
        queries.add(start + (long) (r.nextDouble() * 3_000 * 60_000 * 1.2));
      }
      queries.add(start + 3_000L * 60_000 + 86_400_000L);
      assertThat(Events.mismatches(store, g, rows, queries)).isEmpty();
    } finally {
      SharedStores.unregister(name);
    }
  }

  @Test
  void backfillIntoRocksDbOpenedFromAUriReadsBackTheSameFeatures() throws Exception {
    GroupBy g = Events.groupBy("purchases.yaml");
    long start = 1_700_000_000_000L;
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, 1_500)
        .withKeys(4, 0.5).withTime(start, 60_000, 600_000).withFaults(0, 0, 0.02);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < s.count(); i++) {
      lines.add(GeneratedEventSource.line(s, i));
    }
    Path events = Files.write(dir.resolve("events.jsonl"), lines);
    String uri = "rocksdb:" + dir.resolve("db");
    // One writer: an embedded RocksDB directory is opened by one process at a time.
    WriterSummary summary = TileWriterJob.builder(g,
        FileEventSource.of(events.toUri().toString()), StoreFactory.uri(uri)).parallelism(1)
        .build().run();

    assertThat(summary.tilesWritten()).isPositive();
    try (KVStore store = KVStores.open(uri)) {
      assertThat(Events.mismatches(store, g, Events.rows(g, lines),
          List.of(start + 600 * 60_000L, start + 1_500 * 60_000L + 3_600_000L))).isEmpty();
    }
  }
}
