package io.tilekv.tiling;

import java.time.Instant;

/**
 * One tile of a plan: size and start in millis ({@code start % size == 0}). Ordered by size, then
 * start. Address it in a store with
 * {@code TileKeys.key(entityKey.bytes(), ref.size(), ref.start())}.
 */
public record TileRef(long size, long start) implements Comparable<TileRef> {

  public TileRef {
    if (size <= 0) {
      throw new IllegalArgumentException("tile size must be positive: " + size);
    }
    if (Math.floorMod(start, size) != 0) {
      throw new IllegalArgumentException("tile start " + start + " is not aligned to size " + size);
    }
  }

  /** Exclusive end: {@code start + size}. */
  public long end() {
    return start + size;
  }

  /** True if an event at {@code ts} belongs to this tile. */
  public boolean contains(long ts) {
    return ts >= start && ts < start + size;
  }

  /** The tile of {@code size} that holds an event at {@code ts}. */
  public static TileRef containing(long size, long ts) {
    return new TileRef(size, Math.floorDiv(ts, size) * size);
  }

  @Override
  public int compareTo(TileRef o) {
    int c = Long.compare(size, o.size);
    return c != 0 ? c : Long.compare(start, o.start);
  }

  @Override
  public String toString() {
    return Durations.format(size) + "@" + Instant.ofEpochMilli(start);
  }
}
