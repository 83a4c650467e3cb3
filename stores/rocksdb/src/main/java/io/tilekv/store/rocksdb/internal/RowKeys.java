package io.tilekv.store.rocksdb.internal;

import io.tilekv.spi.Key;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bytes of a {@link Key} inside a dataset's column family:
 * {@code varint(len(partition)) partition sortBytes}, where {@code sortBytes} is the sort key as 8
 * big-endian bytes with the sign bit flipped.
 *
 * <p>This is {@link io.tilekv.spi.KeyLayout#pointKey} without the dataset part, which the column
 * family already provides. The length prefix makes the encoding injective and makes
 * {@link #partitionPrefix} a prefix of exactly one partition's keys; the flipped sign bit makes
 * RocksDB's bytewise order equal the signed order of sort keys, so a partition scans ascending.
 */
public final class RowKeys {
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private RowKeys() {}

  public static byte[] encode(Key key) {
    return encode(key, key.sort());
  }

  /** The row key of {@code key}'s partition with another sort key: a scan bound. */
  public static byte[] encode(Key key, long sort) {
    int pLen = key.partitionLength();
    byte[] out = new byte[varintSize(pLen) + pLen + 8];
    int pos = writeVarint(out, 0, pLen);
    key.copyPartitionTo(out, pos);
    putLong(out, pos + pLen, sort ^ Long.MIN_VALUE);
    return out;
  }

  /** Parses a row key made by {@link #encode}. */
  public static Key decode(byte[] row) {
    int pLen = 0;
    int pos = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= row.length || shift > 28) {
        throw new IllegalArgumentException("not a row key: bad partition length");
      }
      byte b = row[pos++];
      pLen |= (b & 0x7f) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (pLen < 0 || pos + pLen + 8 != row.length) {
      throw new IllegalArgumentException("not a row key: " + row.length + " bytes");
    }
    return Key.of(Arrays.copyOfRange(row, pos, pos + pLen), getLong(row, pos + pLen) ^ Long.MIN_VALUE);
  }

  static void putLong(byte[] b, int off, long v) {
    BIG_ENDIAN_LONG.set(b, off, v);
  }

  static long getLong(byte[] b, int off) {
    return (long) BIG_ENDIAN_LONG.get(b, off);
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
}
