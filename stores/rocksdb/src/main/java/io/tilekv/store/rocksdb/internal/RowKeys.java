package io.tilekv.store.rocksdb.internal;

import io.tilekv.spi.Key;
import io.tilekv.spi.KeyLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
    return KeyLayout.rowKey(key, key.sort(), 0);
  }

  /** The row key of {@code key}'s partition with another sort key: a scan bound. */
  public static byte[] encode(Key key, long sort) {
    return KeyLayout.rowKey(key, sort, 0);
  }

  /** Parses a row key made by {@link #encode}. */
  public static Key decode(byte[] row) {
    return KeyLayout.parseRowKey(row, 0);
  }

  static void putLong(byte[] b, int off, long v) {
    BIG_ENDIAN_LONG.set(b, off, v);
  }

  static long getLong(byte[] b, int off) {
    return (long) BIG_ENDIAN_LONG.get(b, off);
  }
}
