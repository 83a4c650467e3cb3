package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.testing.Events;
import io.tilekv.writer.testing.MiniFlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: a second write never silently replaces the tiles of the first. */
class WriteModesTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  private static final long DAY0 = 1_700_006_400_000L; // a midnight
  private static final long H = 3_600_000L;

  @TempDir
  Path dir;

  private final GroupBy g = Events.groupBy("purchases.yaml");
  private final MemoryKVStore store = new MemoryKVStore();

  private static String event(long ts, String item, long qty) {
    return "{\"user\":\"u\",\"ts\":" + ts + ",\"item\":\"" + item + "\",\"price\":1.5,\"qty\":" + qty + "}";
  }

  private void write(String file, List<String> lines, TileWriterJob.WriteMode mode) throws Exception {
    Path events = dir.resolve(file);
    Files.write(events, lines);
    String name = "modes-" + System.nanoTime();
    SharedStores.register(name, store);
    try {
      TileWriterJob.Builder b = TileWriterJob.builder(g, FileEventSource.of(events.toUri().toString()),
          StoreFactory.shared(name)).parallelism(1);
      if (mode != null) {
        b.writeMode(mode);
      }
      b.build().run();
    } finally {
      SharedStores.unregister(name);
    }
  }

  private List<String> mismatches(List<String> lines) {
    List<Row> rows = Events.rows(g, lines);
    return Events.mismatches(store, g, rows, List.of(DAY0 + 12 * H, DAY0 + 23 * H, DAY0 + 30 * H));
  }

  @Test
  void aSecondFileIsMergedIntoTheTilesOfTheFirstAndWritingAFileAgainCountsNothingTwice() throws Exception {
    List<String> a = List.of(event(DAY0 + 10 * H, "x", 1), event(DAY0 + 11 * H, "y", 2));
    List<String> b = List.of(event(DAY0 + 10 * H + H / 2, "z", 4));
    List<String> both = new ArrayList<>(a);
    both.addAll(b);

    write("a.jsonl", a, null);
    assertThat(mismatches(a)).isEmpty();
    write("b.jsonl", b, null);
    assertThat(mismatches(both)).isEmpty();

    write("a-again.jsonl", a, null); // same bytes, another name: the same input
    write("b.jsonl", b, TileWriterJob.WriteMode.MERGE);
    assertThat(mismatches(both)).isEmpty();
  }

  @Test
  void replaceModeRewritesTheTilesItWritesFromItsOwnEventsOnly() throws Exception {
    List<String> a = List.of(event(DAY0 + 10 * H, "x", 1), event(DAY0 + 11 * H, "y", 2));
    write("a.jsonl", a, null);
    List<String> fixedA = List.of(event(DAY0 + 10 * H, "x", 7), event(DAY0 + 11 * H, "y", 2));
    write("a-fixed.jsonl", fixedA, TileWriterJob.WriteMode.REPLACE);
    assertThat(mismatches(fixedA)).isEmpty();
    // And a merge after a replace keeps the replaced tiles' events.
    List<String> b = List.of(event(DAY0 + 10 * H + H / 2, "z", 4));
    write("b.jsonl", b, null);
    List<String> all = new ArrayList<>(fixedA);
    all.addAll(b);
    assertThat(mismatches(all)).isEmpty();
  }

  @Test
  void mergeIsRefusedForAStreamingRun() {
    assertThatThrownBy(() -> TileWriterJob.builder(g, FileEventSource.watching(dir.toString(), java.time.Duration.ofSeconds(1)),
        StoreFactory.shared("none")).writeMode(TileWriterJob.WriteMode.MERGE).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MERGE needs a bounded run");
  }
}
