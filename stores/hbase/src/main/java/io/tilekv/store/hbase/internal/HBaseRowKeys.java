package io.tilekv.store.hbase.internal;

import io.tilekv.spi.Key;
import io.tilekv.spi.KeyLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Row keys of a dataset table: {@code salt varint(len(partition)) partition sort}, where
 * {@code salt} is one byte of a CRC32C of the partition and {@code sort} is 8 bytes big-endian with
 * the sign bit flipped (after the salt, the layout of {@link io.tilekv.spi.KeyLayout} without the
 * dataset, which the table already names).
 *
 * <p>The salt spreads partitions over 256 row ranges so that sequential entity keys do not all hit
 * the last region, and gives pre-splitting fixed split points; it depends on the partition only, so
 * it keeps each partition's rows together.
 *
 * <p>The length prefix delimits the partition: the rows of one partition form one contiguous
 * range that no other partition's rows enter, even a partition whose bytes extend it ({@code ab}
 * vs {@code abc}). The flipped sign bit makes HBase's unsigned byte order equal signed numeric
 * order, so a row range is a sort-key range, negative keys first.
 */
public final class HBaseRowKeys {
  /** Longest partition a row key can hold: HBase rows are at most {@code Short.MAX_VALUE} bytes. */
  public static final int MAX_PARTITION_BYTES = Short.MAX_VALUE - 1 - 3 - 8;

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private HBaseRowKeys() {}

  /** The row of {@code key}. */
  public static byte[] row(Key key) {
    byte[] out = KeyLayout.rowKey(key, key.sort(), 1);
    int pLen = key.partitionLength();
    CRC32C crc = new CRC32C();
    crc.update(out, out.length - 8 - pLen, pLen);
    out[0] = (byte) crc.getValue();
    return out;
  }

  /** The row of {@code (partition, sort)}: a scan bound. */
  public static byte[] row(byte[] partition, long sort) {
    return row(Key.of(partition, sort));
  }

  /** The sort key of a row made by {@link #row}. */
  public static long sortOf(byte[] row) {
    if (row.length < 10) {
      throw new IllegalArgumentException("not a tile row: " + row.length + " bytes");
    }
    return (long) LONG.get(row, row.length - 8) ^ Long.MIN_VALUE;
  }

  /** The key of a row made by {@link #row}. */
  public static Key keyOf(byte[] row) {
    return KeyLayout.parseRowKey(row, 1);
  }

  /** The split points of a table pre-split into {@code regions} regions: salt boundaries. */
  public static byte[][] splitKeys(int regions) {
    byte[][] out = new byte[regions - 1][];
    for (int i = 1; i < regions; i++) {
      out[i - 1] = new byte[] {(byte) (i * 256 / regions)};
    }
    return out;
  }
}
