package io.tilekv.tiling.oracle;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random events for any GroupBy, for tests of every module: the same seed gives the same
 * events on every JVM.
 *
 * <p>Events belong to {@code keys} entity keys; key 0 is hot and gets {@code hotShare} of them.
 * Timestamps are uniform in {@code [from, to)}, a quarter of them exactly on a 5-minute boundary
 * (tile edges), and the list is in random time order (out of order). Non-key columns are null with
 * probability {@code nullShare}; values come from small domains so that repeats, ties and duplicates
 * occur: integers in [-1000, 1000], floating values with two decimals, strings from a 24-word
 * vocabulary (including non-ASCII), byte arrays of 0 to 3 bytes.
 *
 * <pre>{@code
 * List<Row> rows = RandomEvents.of(groupBy, 42).count(10_000).between(from, to).keys(20).generate();
 * }</pre>
 */
public final class RandomEvents {
  private static final String[] WORDS = {"vanilla", "chocolate", "mint", "lemon", "mango", "pistachio",
      "", "a", "A", "b", "ab", "ba", "crème", "naïve", "日本", "😀", "x y", "null", "0", "-1", "z", "zz",
      "Vanilla", "rum"};

  private final GroupBy groupBy;
  private final long seed;
  private int count = 1000;
  private long from = 0;
  private long to = Durations.DAY;
  private int keys = 10;
  private double hotShare = 0.3;
  private double nullShare = 0.1;

  private RandomEvents(GroupBy groupBy, long seed) {
    this.groupBy = requireNonNull(groupBy, "groupBy is null");
    this.seed = seed;
  }

  /** A generator for {@code groupBy}'s schema with {@code seed}; defaults: 1000 events over one day from 0, 10 keys. */
  public static RandomEvents of(GroupBy groupBy, long seed) {
    return new RandomEvents(groupBy, seed);
  }

  public RandomEvents count(int count) {
    this.count = count;
    return this;
  }

  /** Timestamps in {@code [from, to)}. */
  public RandomEvents between(long from, long to) {
    if (to <= from) {
      throw new IllegalArgumentException("empty time range");
    }
    this.from = from;
    this.to = to;
    return this;
  }

  /** Number of distinct entity keys (at least 1). */
  public RandomEvents keys(int keys) {
    this.keys = Math.max(1, keys);
    return this;
  }

  /** Share of events that go to key 0, the hot key. */
  public RandomEvents hotShare(double share) {
    this.hotShare = share;
    return this;
  }

  /** Probability that a non-key, non-timestamp value is null. */
  public RandomEvents nullShare(double share) {
    this.nullShare = share;
    return this;
  }

  /** The events, in random time order. */
  public List<Row> generate() {
    SplittableRandom rnd = new SplittableRandom(seed);
    Schema schema = groupBy.schema();
    List<Row> rows = new ArrayList<>(count);
    for (int e = 0; e < count; e++) {
      int key = rnd.nextDouble() < hotShare ? 0 : rnd.nextInt(keys);
      Object[] values = new Object[schema.size()];
      for (int c = 0; c < schema.size(); c++) {
        String name = schema.name(c);
        int keyPos = groupBy.keys().indexOf(name);
        if (keyPos >= 0) {
          values[c] = keyValue(schema.type(c), key, keyPos);
        } else if (c == groupBy.timestampIndex()) {
          values[c] = timestamp(rnd);
        } else {
          values[c] = rnd.nextDouble() < nullShare ? null : value(schema.type(c), rnd);
        }
      }
      rows.add(groupBy.row(values));
    }
    return rows;
  }

  /** The entity keys the events use, key 0 (the hot key) first. */
  public List<EntityKey> entityKeys() {
    List<EntityKey> out = new ArrayList<>();
    Schema schema = groupBy.schema();
    for (int k = 0; k < keys; k++) {
      EntityKey.Builder b = EntityKey.builder();
      for (int i = 0; i < groupBy.keys().size(); i++) {
        b.add(keyValue(schema.type(groupBy.keys().get(i)), k, i));
      }
      out.add(b.build());
    }
    return out;
  }

  private long timestamp(SplittableRandom rnd) {
    long ts = rnd.nextLong(from, to);
    if (rnd.nextInt(4) == 0) {
      long edge = Math.floorDiv(ts, 5 * Durations.MINUTE) * 5 * Durations.MINUTE;
      ts = edge >= from ? edge : ts;
    }
    return ts;
  }

  private static Object keyValue(ColumnType type, int key, int position) {
    return switch (type) {
      case STRING -> key == 0 ? "hot" : "key-" + key + (position > 0 ? "/" + position : "");
      case LONG -> (long) key * 1_000_003L + position;
      case INT -> key * 1009 + position;
      case DOUBLE -> key + 0.25 * position;
      case FLOAT -> key + 0.5f * position;
      case BOOLEAN -> (key + position) % 2 == 0;
      case BYTES -> new byte[] {(byte) key, (byte) (key >> 8), (byte) position};
    };
  }

  private static Object value(ColumnType type, SplittableRandom rnd) {
    return switch (type) {
      case STRING -> WORDS[rnd.nextInt(WORDS.length)];
      case LONG -> (long) rnd.nextInt(-1000, 1001);
      case INT -> rnd.nextInt(-1000, 1001);
      case DOUBLE -> rnd.nextInt(-100_000, 100_001) / 100.0;
      case FLOAT -> rnd.nextInt(-100_000, 100_001) / 100.0f;
      case BOOLEAN -> rnd.nextBoolean();
      case BYTES -> {
        byte[] b = new byte[rnd.nextInt(4)];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(-2, 3);
        }
        yield b;
      }
    };
  }
}
