package io.tilekv.spi;

import java.util.Arrays;

/**
 * How a tile is addressed in a store: the one definition of the key layout.
 *
 * <p>A tile {@code (dataset, entity key, tile size, tile start)} is stored in {@code dataset} under
 * the {@link Key} whose partition is the entity key bytes followed by the tile size in milliseconds
 * (8 bytes, big-endian) and whose sort key is the tile start in epoch milliseconds. All tiles of
 * one entity key and one size therefore share a partition, ordered by start, which is what a range
 * scan over a window needs. Point stores flatten this further with {@link KeyLayout}.
 */
public final class TileKeys {
  private TileKeys() {}

  /** The partition of every tile of {@code entityKey} with size {@code tileSizeMillis}. */
  public static byte[] partition(byte[] entityKey, long tileSizeMillis) {
    if (tileSizeMillis <= 0) {
      throw new IllegalArgumentException("tile size must be positive: " + tileSizeMillis);
    }
    byte[] p = Arrays.copyOf(entityKey, entityKey.length + 8);
    KeyLayout.putLong(p, entityKey.length, tileSizeMillis);
    return p;
  }

  /** The key of the tile of {@code entityKey} with size {@code tileSizeMillis} starting at {@code tileStart}. */
  public static Key key(byte[] entityKey, long tileSizeMillis, long tileStart) {
    byte[] partition = partition(entityKey, tileSizeMillis); // checks the size before dividing by it
    if (Math.floorMod(tileStart, tileSizeMillis) != 0) {
      throw new IllegalArgumentException("tile start " + tileStart + " is not aligned to size " + tileSizeMillis);
    }
    return Key.of(partition, tileStart);
  }

  /** The tile size encoded in a tile key's partition. */
  public static long tileSize(Key tileKey) {
    byte[] p = tileKey.partition();
    requireTilePartition(p);
    return KeyLayout.getLong(p, p.length - 8);
  }

  /** The entity key bytes of a tile key's partition. */
  public static byte[] entityKey(Key tileKey) {
    byte[] p = tileKey.partition();
    requireTilePartition(p);
    return Arrays.copyOf(p, p.length - 8);
  }

  private static void requireTilePartition(byte[] p) {
    if (p.length < 8) {
      throw new IllegalArgumentException("not a tile key partition: " + p.length + " bytes");
    }
  }
}
