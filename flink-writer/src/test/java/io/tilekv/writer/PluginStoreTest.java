package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.spi.plugin.TestPlugins;
import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
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

/**
 * An adapter that travels beside the job: a plugin folder on the TaskManager, named in the job's
 * configuration, loaded in the task with its own class loader. The adapter is not on the job's
 * class path at all.
 */
class PluginStoreTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  @TempDir
  Path dir;

  @Test
  void tasksWriteThroughAStoreLoadedFromAPluginFolderAndTheFeaturesReadBack() throws Exception {
    Path plugins = dir.resolve("plugins");
    TestPlugins.echoPlugin(plugins);
    GroupBy g = Events.groupBy("purchases.yaml");
    long start = 1_700_000_000_000L;
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, 1_500)
        .withKeys(4, 0.5).withTime(start, 60_000, 600_000).withFaults(0, 0, 0.02);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < s.count(); i++) {
      lines.add(GeneratedEventSource.line(s, i));
    }
    Path events = Files.write(dir.resolve("events.jsonl"), lines);

    WriterSummary summary = TileWriterJob.builder(g, FileEventSource.of(events.toUri().toString()),
        StoreFactory.uri("echo:job", List.of(plugins))).parallelism(2).build().run();

    assertThat(summary.tilesWritten()).isPositive();
    try (KVStore store = StorePlugins.shared(List.of(plugins)).open("echo:job")) {
      assertThat(store.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
      assertThat(Events.mismatches(store, g, Events.rows(g, lines),
          List.of(start + 600 * 60_000L, start + 1_500 * 60_000L + 3_600_000L))).isEmpty();
    }
  }

  @Test
  void theWriteCommandLoadsPluginsFromItsFlagAndRefusesABrokenFolderBeforeTheJobStarts() throws Exception {
    Path groupBy = Path.of(getClass().getResource("/purchases.yaml").toURI());
    Path events = Files.write(dir.resolve("e.jsonl"), List.of(
        "{\"user\":\"a\",\"ts\":1700000000000,\"item\":\"x\",\"price\":1.5,\"qty\":2}"));
    Path plugins = dir.resolve("plugins");
    TestPlugins.echoPlugin(plugins);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    int ok = WriterCommand.run(new String[] {"--groupby", groupBy.toString(), "--events", events.toString(),
        "--store", "echo:cmd", "--plugins", plugins.toString()}, new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true));
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.write(broken.resolve("bad.jar"), new byte[] {1, 2, 3});
    int refused = WriterCommand.run(new String[] {"--groupby", groupBy.toString(), "--events", events.toString(),
        "--store", "echo:cmd", "--plugins", broken.toString()}, new java.io.PrintStream(out, true),
        new java.io.PrintStream(err, true));

    assertThat(ok).as(err.toString()).isZero();
    assertThat(out.toString()).contains("tiles written:");
    assertThat(refused).isEqualTo(2);
    assertThat(err.toString()).contains(broken.resolve("bad.jar").toString());
  }
}
