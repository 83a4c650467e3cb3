package io.tilekv.store.rocksdb.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A column family that lists every expiring row by expiry instant, so that expired rows can be
 * found without reading the data. RocksJava cannot run a compaction filter written in Java, so
 * this index plus a periodic sweep stands in for one.
 *
 * <p>Index key: {@code expiresAt (8 bytes big-endian) len(dataset) (1 byte) dataset rowKey}, empty
 * value. Keys sort by expiry first, so everything due is a prefix of the column family. An index
 * entry can outlive its row's TTL (the row was overwritten with another TTL or none); the sweep
 * therefore deletes a row only if its stored expiry still equals the indexed one.
 */
public final class ExpiryIndex {
  private static final int CHUNK = 1_000;
  private static final byte[] EMPTY = new byte[0];

  private final RocksDB db;
  private final ColumnFamilyHandle index;
  private final WriteOptions writeOptions;

  public ExpiryIndex(RocksDB db, ColumnFamilyHandle index, WriteOptions writeOptions) {
    this.db = db;
    this.index = index;
    this.writeOptions = writeOptions;
  }

  /** Adds the index entry of a row written with an expiry to {@code batch}. */
  public void add(WriteBatch batch, long expiresAt, String dataset, byte[] rowKey) throws RocksDBException {
    batch.put(index, key(expiresAt, dataset, rowKey), EMPTY);
  }

  /**
   * Deletes the rows that expired at or before {@code nowMillis}, with their index entries, in
   * chunks. Each chunk checks and deletes under {@code writersExcluded}, held while no write is in
   * flight, so that a row rewritten concurrently is never deleted. Stops early when
   * {@code stop} says so.
   *
   * @param dataset the column family of a dataset, or null if the dataset is gone
   * @return the number of rows deleted
   */
  public long sweep(long nowMillis, Function<String, ColumnFamilyHandle> dataset, Lock writersExcluded,
      BooleanSupplier stop) throws RocksDBException {
    byte[] upper = new byte[8];
    RowKeys.putLong(upper, 0, nowMillis + 1);
    byte[] from = new byte[0];
    long deleted = 0;
    boolean any = false;
    while (!stop.getAsBoolean()) {
      List<byte[]> due = due(from, upper);
      if (due.isEmpty()) {
        break;
      }
      any = true;
      writersExcluded.lock();
      try (WriteBatch batch = new WriteBatch()) {
        for (byte[] entry : due) {
          long expiresAt = RowKeys.getLong(entry, 0);
          int dsLen = entry[8] & 0xff;
          ColumnFamilyHandle cf = dataset.apply(new String(entry, 9, dsLen, StandardCharsets.US_ASCII));
          byte[] row = Arrays.copyOfRange(entry, 9 + dsLen, entry.length);
          byte[] stored = cf == null ? null : db.get(cf, row);
          if (stored != null && StoredValues.expiresAt(stored) == expiresAt) {
            batch.delete(cf, row);
            deleted++;
          }
          batch.delete(index, entry);
        }
        db.write(writeOptions, batch);
      } finally {
        writersExcluded.unlock();
      }
      byte[] last = due.get(due.size() - 1);
      from = Arrays.copyOf(last, last.length + 1);
    }
    if (any) {
      // The swept range is now only tombstones; compacting it keeps later sweeps from wading through them.
      db.compactRange(index, null, upper);
    }
    return deleted;
  }

  private List<byte[]> due(byte[] from, byte[] upper) throws RocksDBException {
    List<byte[]> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator(index)) {
      for (it.seek(from); it.isValid() && out.size() < CHUNK; it.next()) {
        byte[] k = it.key();
        if (Arrays.compareUnsigned(k, upper) >= 0) {
          break;
        }
        out.add(k);
      }
      it.status();
    }
    return out;
  }

  static byte[] key(long expiresAt, String dataset, byte[] rowKey) {
    byte[] ds = dataset.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[9 + ds.length + rowKey.length];
    RowKeys.putLong(out, 0, expiresAt);
    out[8] = (byte) ds.length;
    System.arraycopy(ds, 0, out, 9, ds.length);
    System.arraycopy(rowKey, 0, out, 9 + ds.length, rowKey.length);
    return out;
  }
}
