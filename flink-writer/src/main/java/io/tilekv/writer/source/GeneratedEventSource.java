package io.tilekv.writer.source;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Schema;
import io.tilekv.writer.internal.GroupBySpec;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Base64;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Synthetic JSON-line events for a GroupBy's schema, for demos, tests and benchmarks. Event
 * {@code i} depends only on the seed and {@code i}, so a replay after a restart produces the same
 * events.
 *
 * <p>Event time advances by {@code spacingMillis} per event from {@code startMillis}; each event is
 * moved back by up to {@code jitterMillis} (out of order), a share is moved back by
 * {@code lateByMillis} (late), and a share is not valid JSON (malformed). Keys: a share goes to one
 * hot key ({@code k0}), the rest spreads uniformly over {@code keys} keys. Other columns get random
 * values of their type. Treated as a stream ({@link #bounded()} is false) even though it ends
 * after {@code count} events.
 */
public final class GeneratedEventSource implements EventSource {
  private static final long serialVersionUID = 1L;

  private transient Settings settings;

  /** What to generate; see the class comment. Immutable. */
  public record Settings(GroupBy groupBy, long count, double eventsPerSecond, int keys,
      double hotKeyShare, long startMillis, long spacingMillis, long jitterMillis, double lateShare,
      long lateByMillis, double malformedShare, long seed) {
    public Settings {
      requireNonNull(groupBy, "groupBy is null");
      if (count < 0 || keys < 1 || spacingMillis < 0 || jitterMillis < 0 || lateByMillis < 0) {
        throw new IllegalArgumentException("count, keys, spacing, jitter and lateBy must be >= 0 (keys >= 1)");
      }
      if (hotKeyShare < 0 || hotKeyShare > 1 || lateShare < 0 || lateShare > 1
          || malformedShare < 0 || malformedShare > 1) {
        throw new IllegalArgumentException("shares must be within [0, 1]");
      }
    }

    /** {@code count} in-order, valid events over 100 keys, one every 100 ms of event time, unthrottled. */
    public static Settings of(GroupBy groupBy, long count) {
      return new Settings(groupBy, count, 0, 100, 0, 1_700_000_000_000L, 100, 0, 0, 0, 0, 1);
    }

    public Settings withRate(double perSecond) {
      return new Settings(groupBy, count, perSecond, keys, hotKeyShare, startMillis, spacingMillis,
          jitterMillis, lateShare, lateByMillis, malformedShare, seed);
    }

    public Settings withKeys(int n, double hotShare) {
      return new Settings(groupBy, count, eventsPerSecond, n, hotShare, startMillis, spacingMillis,
          jitterMillis, lateShare, lateByMillis, malformedShare, seed);
    }

    public Settings withTime(long start, long spacing, long jitter) {
      return new Settings(groupBy, count, eventsPerSecond, keys, hotKeyShare, start, spacing,
          jitter, lateShare, lateByMillis, malformedShare, seed);
    }

    public Settings withFaults(double late, long lateBy, double malformed) {
      return new Settings(groupBy, count, eventsPerSecond, keys, hotKeyShare, startMillis,
          spacingMillis, jitterMillis, late, lateBy, malformed, seed);
    }

    void write(ObjectOutputStream out) throws IOException {
      out.writeObject(GroupBySpec.of(groupBy));
      out.writeLong(count);
      out.writeDouble(eventsPerSecond);
      out.writeInt(keys);
      out.writeDouble(hotKeyShare);
      out.writeLong(startMillis);
      out.writeLong(spacingMillis);
      out.writeLong(jitterMillis);
      out.writeDouble(lateShare);
      out.writeLong(lateByMillis);
      out.writeDouble(malformedShare);
      out.writeLong(seed);
    }

    static Settings read(ObjectInputStream in) throws IOException, ClassNotFoundException {
      return new Settings(((GroupBySpec) in.readObject()).get(), in.readLong(), in.readDouble(),
          in.readInt(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(),
          in.readDouble(), in.readLong(), in.readDouble(), in.readLong());
    }

    /**
     * What these settings generate, for people: the count, the keys (values of the key columns)
     * and the event times, e.g. {@code 1000 events, keys user=k0..k99 (100), event times
     * 2023-11-14T22:13:20Z .. 2023-11-14T22:14:59.900Z (one every 100ms)}.
     */
    public String describe() {
      StringBuilder b = new StringBuilder().append(count).append(" events, keys ");
      Schema schema = groupBy.schema();
      for (String k : groupBy.keys()) {
        b.append(k).append('=').append(keyValue(schema.type(k), 0));
        if (keys > 1) {
          b.append("..").append(keyValue(schema.type(k), keys - 1L));
        }
        b.append(' ');
      }
      b.append('(').append(keys).append(hotKeyShare > 0 ? ", a share of " + hotKeyShare + " to the first" : "")
          .append(')');
      if (count > 0) {
        long last = startMillis + (count - 1) * spacingMillis;
        b.append(", event times ").append(io.tilekv.tiling.Times.format(startMillis)).append(" .. ")
            .append(io.tilekv.tiling.Times.format(last)).append(" (one every ")
            .append(spacingMillis > 0 ? io.tilekv.tiling.Durations.format(spacingMillis) : "0ms").append(')');
      }
      if (jitterMillis > 0 || lateShare > 0 || malformedShare > 0) {
        b.append(", jitter ").append(jitterMillis).append("ms, late share ").append(lateShare)
            .append(", malformed share ").append(malformedShare);
      }
      return b.toString();
    }

    private static String keyValue(ColumnType type, long n) {
      StringBuilder v = new StringBuilder();
      Lines.value(v, type, n, true);
      return v.toString().replace("\"", "");
    }

    public Settings withSeed(long s) {
      return new Settings(groupBy, count, eventsPerSecond, keys, hotKeyShare, startMillis,
          spacingMillis, jitterMillis, lateShare, lateByMillis, malformedShare, s);
    }
  }

  public GeneratedEventSource(Settings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public DataStream<String> create(StreamExecutionEnvironment env) {
    RateLimiterStrategy rate = settings.eventsPerSecond() > 0
        ? RateLimiterStrategy.perSecond(settings.eventsPerSecond()) : RateLimiterStrategy.noOp();
    DataGeneratorSource<String> source =
        new DataGeneratorSource<>(new Lines(settings), settings.count(), rate, Types.STRING);
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "generated events");
  }

  @Override
  public boolean bounded() {
    return false;
  }

  /** The line of event {@code index}: what the source emits, for tests that need the input. */
  public static String line(Settings settings, long index) {
    return Lines.line(settings, index);
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    settings.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    settings = Settings.read(in);
  }

  private static final class Lines implements GeneratorFunction<Long, String> {
    private static final long serialVersionUID = 1L;
    private transient Settings s;

    private void writeObject(ObjectOutputStream out) throws IOException {
      s.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      s = Settings.read(in);
    }

    Lines(Settings s) {
      this.s = s;
    }

    @Override
    public String map(Long index) {
      return line(s, index);
    }

    static String line(Settings s, long index) {
      SplittableRandom r = new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + index);
      if (r.nextDouble() < s.malformedShare()) {
        return r.nextBoolean() ? "{not json " + index : "{\"unrelated\": " + index + "}";
      }
      long ts = s.startMillis() + index * s.spacingMillis();
      if (s.jitterMillis() > 0) {
        ts -= r.nextLong(s.jitterMillis() + 1);
      }
      if (r.nextDouble() < s.lateShare()) {
        ts -= s.lateByMillis();
      }
      long key = r.nextDouble() < s.hotKeyShare() ? 0 : r.nextLong(s.keys());
      GroupBy g = s.groupBy();
      Schema schema = g.schema();
      StringBuilder b = new StringBuilder(96).append('{');
      for (int c = 0; c < schema.size(); c++) {
        String name = schema.name(c);
        if (c > 0) {
          b.append(',');
        }
        b.append('"').append(name).append("\":");
        if (c == g.timestampIndex()) {
          b.append(ts);
        } else if (g.keys().contains(name)) {
          value(b, schema.type(c), key, true);
        } else {
          value(b, schema.type(c), r.nextLong(100), false);
        }
      }
      return b.append('}').toString();
    }

    private static void value(StringBuilder b, ColumnType type, long n, boolean key) {
      switch (type) {
        case STRING -> b.append(key ? "\"k" : "\"v").append(n).append('"');
        case LONG, INT -> b.append(n);
        case DOUBLE, FLOAT -> b.append(n).append(".5");
        case BOOLEAN -> b.append(n % 2 == 0);
        case BYTES -> b.append('"')
            .append(Base64.getEncoder().encodeToString(new byte[] {(byte) n, (byte) (n >> 8)}))
            .append('"');
      }
    }
  }
}
