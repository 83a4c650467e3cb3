package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStore;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.sink.RetrySettings;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.EventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import io.tilekv.writer.testing.Events;
import io.tilekv.spi.KVStoreException;
import io.tilekv.writer.testing.FaultyStore;
import io.tilekv.writer.testing.LinesSource;
import io.tilekv.writer.testing.MiniFlink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults do not change the result: a task that fails mid-stream and restarts from a checkpoint,
 * and a store that refuses writes for a while, both end with the tiles of a run without faults.
 */
class FailureRecoveryTest {
  static final long START = 1_700_000_000_000L;

  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  final GroupBy g = Events.groupBy("purchases.yaml");
  /** In order within the out-of-orderness: no event is late, so every run accepts all of them. */
  final List<String> lines = lines(4_000);
  final List<Row> rows = Events.rows(g, lines);

  static List<String> lines(int n) {
    GroupBy g = Events.groupBy("purchases.yaml");
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, n)
        .withKeys(8, 0.4).withTime(START, 60_000, 120_000).withSeed(5);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(GeneratedEventSource.line(s, i));
    }
    return out;
  }

  KVStore run(String name, EventSource source, KVStore store, EmitTrigger trigger)
      throws Exception {
    SharedStores.register(name, store);
    try {
      TileWriterJob.builder(g, source, StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.STREAMING).parallelism(1).trigger(trigger)
          .outOfOrderness(Duration.ofMinutes(5)).idleness(Duration.ZERO)
          .checkpointInterval(Duration.ofMillis(300)).restarts(2, Duration.ofMillis(200))
          .retry(new RetrySettings(Duration.ofMillis(2), Duration.ofMillis(20), 200))
          .build().run();
      return store;
    } finally {
      SharedStores.unregister(name);
    }
  }

  @Test
  void taskFailingMidStreamRestartsFromACheckpointWithNothingLostOrCountedTwice()
      throws Exception {
    EmitTrigger trigger = EmitTrigger.buffered(Duration.ofMillis(100));
    KVStore expected = run("no-fault-1", LinesSource.of(lines, 2_000), new MemoryKVStore(), trigger);
    KVStore actual = run("task-fault", LinesSource.of(lines, 2_000).failingOnce("task-fault", 2_500),
        new MemoryKVStore(), trigger);

    assertThat(LinesSource.failed("task-fault")).isTrue();
    assertThat(Events.tileDifferences(expected, actual, g, rows)).isEmpty();
  }

  @Test
  void aStoreErrorThatRetryingCannotFixFailsTheJobWithoutRestartingIt() {
    FaultyStore refusing = new FaultyStore(new MemoryKVStore(), 1);
    refusing.refusePuts(KVStoreException.Kind.INVALID_CONFIG);
    SharedStores.register("refusing", refusing);
    try {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
          TileWriterJob.builder(g, LinesSource.of(lines, 4_000), StoreFactory.shared("refusing"))
              .mode(TileWriterJob.Mode.STREAMING).parallelism(1).trigger(EmitTrigger.everyEvent())
              .outOfOrderness(Duration.ofMinutes(5)).idleness(Duration.ZERO)
              .checkpointInterval(Duration.ofMillis(300)).restarts(5, Duration.ofMillis(100))
              .build().run());
      assertThat(thrown).isNotNull();
      assertThat(org.apache.flink.util.ExceptionUtils.findThrowable(thrown, KVStoreException.class))
          .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG));
      // One attempt: the sink fails on its first call and the job is not restarted five times.
      assertThat(refusing.puts.get()).isEqualTo(1);
    } finally {
      SharedStores.unregister("refusing");
    }
  }

  @Test
  void storeRefusingWritesForAWhileEndsWithTheSameTiles() throws Exception {
    EmitTrigger trigger = EmitTrigger.everyEvent();
    KVStore expected = run("no-fault-2", LinesSource.of(lines, 4_000), new MemoryKVStore(), trigger);
    FaultyStore faulty = new FaultyStore(new MemoryKVStore(), 3);
    faulty.failPuts(0.5, 40);
    KVStore actual = run("store-fault", LinesSource.of(lines, 4_000), faulty, trigger);

    assertThat(faulty.failures.get()).isEqualTo(40);
    assertThat(Events.tileDifferences(expected, actual, g, rows)).isEmpty();
  }
}
