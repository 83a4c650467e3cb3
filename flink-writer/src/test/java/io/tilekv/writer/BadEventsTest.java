package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.testing.Events;
import io.tilekv.writer.testing.MiniFlink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: one bad event never fails the job; malformed events are reported, all of them. */
class BadEventsTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  @TempDir
  Path dir;

  private static String event(String user, long ts) {
    return "{\"user\":\"" + user + "\",\"ts\":" + ts + ",\"item\":\"i\",\"price\":1.5,\"qty\":2}";
  }

  private WriterSummary run(GroupBy g, List<String> lines, MemoryKVStore store, String name) throws Exception {
    Path events = Files.write(dir.resolve(name + ".jsonl"), lines, StandardCharsets.UTF_8);
    SharedStores.register(name, store);
    try {
      return TileWriterJob.builder(g, FileEventSource.of(events.toUri().toString()), StoreFactory.shared(name))
          .parallelism(1).restarts(0, java.time.Duration.ZERO).maxKeyBytes(64 << 10)
          .rejectsPath(dir.resolve("rejects.jsonl")).build().run();
    } finally {
      SharedStores.unregister(name);
    }
  }

  @Test
  void aHugeKeyAndTimestampsAtTheLongLimitsAreSetAsideWithTheirLineAndTheGoodEventsAreWritten() throws Exception {
    GroupBy g = Events.groupBy("purchases.yaml");
    long t = 1_700_000_000_000L;
    List<String> lines = new ArrayList<>();
    lines.add("\uFEFF" + event("u1", t)); // a byte-order mark, as editors write
    lines.add(event("x".repeat(70_000), t));
    lines.add(event("u1", Long.MIN_VALUE));
    lines.add(event("u2", Long.MAX_VALUE));
    lines.add("not json");
    lines.add(event("u2", t + 60_000));
    MemoryKVStore store = new MemoryKVStore();

    WriterSummary summary = run(g, lines, store, "bad-events");

    assertThat(summary.eventsRead()).isEqualTo(6);
    assertThat(summary.malformed()).isEqualTo(4);
    assertThat(summary.tilesWritten()).isEqualTo(2 * g.layers().size());
    assertThat(Events.mismatches(store, g, Events.rows(g, List.of(event("u1", t), event("u2", t + 60_000))),
        List.of(t + 3_600_000))).isEmpty();
    assertThat(summary.rejectedSample()).hasSize(4);
    assertThat(String.join("\n", summary.rejectedSample())).contains("line 2: MALFORMED: key too long")
        .contains("line 3: MALFORMED: timestamp 'ts' -9223372036854775808 is outside")
        .contains("line 5: MALFORMED: not JSON").hasSizeLessThan(4_000);
    List<String> rejects = Files.readAllLines(dir.resolve("rejects.jsonl"));
    assertThat(rejects).hasSize(4);
    assertThat(rejects.get(0))
        .startsWith("{\"kind\":\"MALFORMED\",\"file\":\"bad-events.jsonl\",\"line\":2,\"reason\":\"key too long");
    assertThat(rejects.get(3)).contains("\"line\":5").contains("\"event\":\"not json\"");
  }

  @Test
  void anInputWithoutOneWellFormedEventIsAnErrorNotASuccessfulRun() {
    GroupBy g = Events.groupBy("purchases.yaml");
    assertThatThrownBy(() -> run(g, List.of("PK\u0003\u0004 binary", "<html>", "{}"), new MemoryKVStore(), "garbage"))
        .isInstanceOf(TileWriterJob.MalformedInputException.class)
        .hasMessageContaining("none of the 3 events read is well-formed")
        .hasMessageContaining("line 1: MALFORMED: not JSON");
  }

  @Test
  void rejectsOfADirectoryOfFilesNameTheFileAndTheLineInIt() throws Exception {
    GroupBy g = Events.groupBy("purchases.yaml");
    long t = 1_700_000_000_000L;
    Path input = Files.createDirectories(dir.resolve("input/2024"));
    Files.write(input.resolve("a.jsonl"), List.of(event("u1", t), "not json", event("u1", t + 1)));
    Files.write(input.resolve("b.jsonl"), List.of(event("u2", t), event("u2", t + 1), "{\"user\":\"u2\"}"));
    Files.write(dir.resolve("input/c.jsonl"), List.of("\uFEFF" + event("u3", t), "[]"));
    MemoryKVStore store = new MemoryKVStore();
    SharedStores.register("dir", store);
    WriterSummary summary;
    try {
      // Two readers: the numbers are still per file.
      summary = TileWriterJob.builder(g, FileEventSource.of(dir.resolve("input").toUri().toString()),
              StoreFactory.shared("dir"))
          .parallelism(2).restarts(0, java.time.Duration.ZERO).rejectsPath(dir.resolve("rejects.jsonl"))
          .build().run();
    } finally {
      SharedStores.unregister("dir");
    }

    assertThat(summary.eventsRead()).isEqualTo(8);
    assertThat(summary.malformed()).isEqualTo(3);
    assertThat(summary.rejectedSample()).anyMatch(r -> r.startsWith("2024/a.jsonl line 2: MALFORMED: not JSON"))
        .anyMatch(r -> r.startsWith("2024/b.jsonl line 3: MALFORMED: "))
        .anyMatch(r -> r.startsWith("c.jsonl line 2: MALFORMED: "));
    assertThat(Files.readAllLines(dir.resolve("rejects.jsonl"))).hasSize(3)
        .anyMatch(r -> r.contains("\"file\":\"2024/a.jsonl\",\"line\":2,"))
        .anyMatch(r -> r.contains("\"file\":\"2024/b.jsonl\",\"line\":3,"))
        .anyMatch(r -> r.contains("\"file\":\"c.jsonl\",\"line\":2,"));
    assertThat(summary.keys()).isEqualTo(3);
    assertThat(summary.exampleKeys()).containsExactly("user=u1", "user=u2", "user=u3");
    assertThat(summary.firstEventTime()).isEqualTo(t);
    assertThat(summary.lastEventTime()).isEqualTo(t + 1);
  }
}
