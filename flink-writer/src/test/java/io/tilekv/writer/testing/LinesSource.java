package io.tilekv.writer.testing;

import io.tilekv.writer.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A checkpointed stream of given lines at a given rate (the datagen source replays exactly from a
 * checkpoint), optionally failing once after a checkpoint completed and a number of lines passed.
 */
public final class LinesSource implements EventSource {
  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  private final ArrayList<String> lines;
  private final double perSecond;
  private final String failOnceName;
  private final long failAfter;

  private LinesSource(List<String> lines, double perSecond, String failOnceName, long failAfter) {
    this.lines = new ArrayList<>(lines);
    this.perSecond = perSecond;
    this.failOnceName = failOnceName;
    this.failAfter = failAfter;
  }

  public static LinesSource of(List<String> lines, double perSecond) {
    return new LinesSource(lines, perSecond, null, 0);
  }

  /** Throws once (per {@code name}, per JVM) after a completed checkpoint and {@code after} lines. */
  public LinesSource failingOnce(String name, long after) {
    FAILED.put(name, new AtomicBoolean());
    return new LinesSource(lines, perSecond, name, after);
  }

  public static boolean failed(String name) {
    return FAILED.get(name).get();
  }

  @Override
  public DataStream<String> create(StreamExecutionEnvironment env) {
    ArrayList<String> l = lines;
    GeneratorFunction<Long, String> at = i -> l.get(i.intValue());
    DataStream<String> out = env.fromSource(
        new DataGeneratorSource<>(at, lines.size(), RateLimiterStrategy.perSecond(perSecond), Types.STRING),
        WatermarkStrategy.noWatermarks(), "lines");
    return failOnceName == null ? out : out.map(new FailOnce(failOnceName, failAfter)).name("fail once");
  }

  @Override
  public boolean bounded() {
    return false;
  }

  private static final class FailOnce extends RichMapFunction<String, String>
      implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final long after;
    private transient long seen;
    private transient boolean checkpointed;

    FailOnce(String name, long after) {
      this.name = name;
      this.after = after;
    }

    @Override
    public String map(String line) {
      if (++seen >= after && checkpointed && FAILED.get(name).compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after " + seen + " lines");
      }
      return line;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }
  }
}
