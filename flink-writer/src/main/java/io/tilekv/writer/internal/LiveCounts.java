package io.tilekv.writer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of a run while it runs, for its progress line: Flink hands accumulators to the client only
 * when the job ends. The tasks of a local run (MiniCluster) share the JVM and the classes of the
 * client that started them, so they find their run's counts by the run's key; in a cluster nobody
 * registered the key, and tasks count into an instance that nobody reads.
 */
public final class LiveCounts {
  private static final Map<String, LiveCounts> RUNS = new ConcurrentHashMap<>();

  /** Lines read from the source. */
  public final LongAdder read = new LongAdder();
  /** Malformed lines. */
  public final LongAdder malformed = new LongAdder();
  /** Tiles emitted to the store. */
  public final LongAdder tiles = new LongAdder();

  private LiveCounts() {}

  /** Makes counts that tasks of this JVM asking for {@code key} will count into. */
  public static LiveCounts register(String key) {
    LiveCounts counts = new LiveCounts();
    RUNS.put(key, counts);
    return counts;
  }

  public static void unregister(String key) {
    RUNS.remove(key);
  }

  /** The counts registered under {@code key}, or fresh ones nobody reads. */
  public static LiveCounts of(String key) {
    LiveCounts counts = key == null ? null : RUNS.get(key);
    return counts != null ? counts : new LiveCounts();
  }
}
