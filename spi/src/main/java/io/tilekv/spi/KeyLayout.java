package io.tilekv.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Flattens {@code (dataset, Key)} into one byte string for stores with a single flat keyspace
 * (Redis, RocksDB, HBase row keys).
 *
 * <p>Layout: {@code varint(len(dataset)) dataset-UTF-8 varint(len(partition)) partition sort},
 * where {@code sort} is 8 bytes big-endian with the sign bit flipped. Length prefixes make the
 * encoding injective and make {@link #partitionPrefix} a prefix of exactly the keys of that
 * partition; the flipped sign bit makes unsigned byte order equal signed numeric order, so an
 * ordered store's prefix scan returns a partition sorted by sort key.
 */
public final class KeyLayout {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private KeyLayout() {}

  /** The flat key of {@code key} in {@code dataset}. */
  public static byte[] pointKey(String dataset, Key key) {
    byte[] prefix = partitionPrefix(dataset, key);
    byte[] out = Arrays.copyOf(prefix, prefix.length + 8);
    putLong(out, prefix.length, key.sort() ^ Long.MIN_VALUE);
    return out;
  }

  /** The bytes every flat key of {@code partition} in {@code dataset} starts with. */
  public static byte[] partitionPrefix(String dataset, byte[] partition) {
    return partitionPrefix(dataset, Key.of(partition, 0));
  }

  /** The flat key of {@code (dataset, partition, sort)} as the exclusive/inclusive bound of a scan. */
  public static byte[] scanBound(String dataset, byte[] partition, long sort) {
    return pointKey(dataset, Key.of(partition, sort));
  }

  /** Parses the {@link Key} back out of a flat key made by {@link #pointKey}. */
  public static Key parsePointKey(byte[] flat) {
    int[] pos = {0};
    int dsLen = readLength(flat, pos);
    pos[0] += dsLen;
    int pLen = readLength(flat, pos);
    if (pos[0] + pLen + 8 != flat.length) {
      throw new IllegalArgumentException("not a flat tile key: " + flat.length + " bytes");
    }
    byte[] partition = Arrays.copyOfRange(flat, pos[0], pos[0] + pLen);
    return Key.of(partition, getLong(flat, pos[0] + pLen) ^ Long.MIN_VALUE);
  }

  /**
   * The key of {@code key}'s partition with sort key {@code sort} inside one dataset, for stores
   * that keep a dataset apart already (a table, a column family): {@code varint(len(partition))
   * partition sort}, the layout of {@link #pointKey} without the dataset, after {@code reserved}
   * leading bytes left zero for the caller (a salt, say). Ordered as {@code (partition, sort)}
   * within one partition, and no partition's keys interleave with another's.
   */
  public static byte[] rowKey(Key key, long sort, int reserved) {
    if (reserved < 0) {
      throw new IllegalArgumentException("reserved must not be negative: " + reserved);
    }
    int pLen = key.partitionLength();
    byte[] out = new byte[reserved + varintSize(pLen) + pLen + 8];
    int pos = writeVarint(out, reserved, pLen);
    key.copyPartitionTo(out, pos);
    putLong(out, pos + pLen, sort ^ Long.MIN_VALUE);
    return out;
  }

  /**
   * Parses a key made by {@link #rowKey} with {@code reserved} leading bytes.
   *
   * @throws IllegalArgumentException if {@code row} is not such a key
   */
  public static Key parseRowKey(byte[] row, int reserved) {
    if (reserved < 0 || reserved > row.length) {
      throw new IllegalArgumentException("not a row key: " + row.length + " bytes");
    }
    int[] pos = {reserved};
    int pLen = readLength(row, pos);
    if (pos[0] + pLen + 8 != row.length) {
      throw new IllegalArgumentException("not a row key: " + row.length + " bytes for a partition of " + pLen);
    }
    return Key.of(Arrays.copyOfRange(row, pos[0], pos[0] + pLen), getLong(row, pos[0] + pLen) ^ Long.MIN_VALUE);
  }

  /** The dataset of a flat key made by {@link #pointKey}. */
  public static String datasetOf(byte[] flat) {
    int[] pos = {0};
    int dsLen = readLength(flat, pos);
    return new String(flat, pos[0], dsLen, StandardCharsets.UTF_8);
  }

  static void putLong(byte[] b, int off, long v) {
    BIG_ENDIAN_LONG.set(b, off, v);
  }

  static long getLong(byte[] b, int off) {
    return (long) BIG_ENDIAN_LONG.get(b, off);
  }

  private static byte[] partitionPrefix(String dataset, Key key) {
    byte[] ds = dataset.getBytes(StandardCharsets.UTF_8);
    int pLen = key.partitionLength();
    byte[] out = new byte[10 + ds.length + pLen];
    int pos = writeVarint(out, 0, ds.length);
    System.arraycopy(ds, 0, out, pos, ds.length);
    pos = writeVarint(out, pos + ds.length, pLen);
    key.copyPartitionTo(out, pos);
    return Arrays.copyOf(out, pos + pLen);
  }

  private static int varintSize(int n) {
    int size = 1;
    while ((n & ~0x7f) != 0) {
      n >>>= 7;
      size++;
    }
    return size;
  }

  private static int writeVarint(byte[] b, int pos, int n) {
    while ((n & ~0x7f) != 0) {
      b[pos++] = (byte) ((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    b[pos++] = (byte) n;
    return pos;
  }

  /** A length prefix that fits in what is left of {@code b}; garbage fails with IllegalArgumentException. */
  private static int readLength(byte[] b, int[] pos) {
    int n = readVarint(b, pos);
    if (n < 0 || n > b.length - pos[0]) {
      throw new IllegalArgumentException("not a flat tile key: length " + n + " exceeds the key");
    }
    return n;
  }

  private static int readVarint(byte[] b, int[] pos) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("truncated flat key");
      }
      byte x = b[pos[0]++];
      value |= (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("length varint too long");
  }
}
