package io.tilekv.store.rocksdb;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import io.tilekv.store.rocksdb.internal.ExpiryIndex;
import io.tilekv.store.rocksdb.internal.RocksDatabase;
import io.tilekv.store.rocksdb.internal.RowKeys;
import io.tilekv.store.rocksdb.internal.StoredValues;
import io.tilekv.store.rocksdb.internal.StoreExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The embedded store: a RocksDB database in one local directory, {@code rocksdb:/path/to/dir}.
 *
 * <p>Each dataset is a column family; rows are keyed by partition and order-preserving sort bytes,
 * so a partition scans in sort order. A value carries a small header with its expiry; expired rows
 * are never returned and are deleted by a periodic sweep over an expiry index (see
 * {@code docs/stores/rocksdb.md}). Data survives close and reopen.
 *
 * <p>RocksDB calls block, so every operation runs on the store's own bounded thread pool, never on
 * the caller's thread; when the pool's queue is full an operation fails with THROTTLED. Only one
 * open store per directory is possible: a second one fails with UNAVAILABLE. Thread-safe.
 */
public final class RocksDbKVStore extends AbstractKVStore {
  /** Most keys per native multiGet and most entries per atomic write batch. */
  public static final int MAX_BATCH = 1_000;

  private static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_BATCH)
      .maxPutBatch(MAX_BATCH)
      .maxValueBytes(16 << 20)
      .maxKeyBytes(64 << 10)
      .build();

  private final Clock clock;
  private final RocksDatabase database;
  private final ExpiryIndex expiry;
  private final StoreExecutor executor;
  /** Writers share it; the sweep takes it alone, so it never deletes a row being rewritten. */
  private final ReentrantReadWriteLock sweepGate = new ReentrantReadWriteLock();
  /** False for a reader's store ({@code create=false}): a missing dataset is an error, not empty. */
  private final boolean create;

  private RocksDbKVStore(RocksDbSettings settings, Clock clock, String name) {
    // Retryable failures (a full queue, an I/O error) are retried with backoff: writes are
    // idempotent whole-value overwrites, so repeating a batch is safe.
    super(name, CAPABILITIES, AdapterSettings.of(settings.timeout()));
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.create = settings.create();
    this.database = RocksDatabase.open(name, settings.directory(), settings.blockCacheBytes(),
        settings.syncWrites(), settings.create());
    this.expiry = new ExpiryIndex(database.db(), database.expiryFamily(), database.writeOptions());
    this.executor = new StoreExecutor(name, settings.threads(), settings.maxQueued(), database);
    if (!settings.sweepInterval().isZero()) {
      executor.scheduleSweep(settings.sweepInterval(), this::sweepQuietly);
    }
  }

  private RocksDbKVStore(RocksDbSettings settings, Clock clock) {
    this(settings, clock, "rocksdb:" + settings.directory().toAbsolutePath());
  }

  /** Opens (creating if needed) a store in {@code directory} with default options. */
  public static RocksDbKVStore open(Path directory) {
    return new RocksDbKVStore(RocksDbSettings.defaults(directory), Clock.systemUTC());
  }

  /**
   * Opens a store with default options whose TTLs follow {@code clock}; tests pass a clock they
   * advance.
   */
  public static RocksDbKVStore open(Path directory, Clock clock) {
    return new RocksDbKVStore(RocksDbSettings.defaults(directory), clock);
  }

  /**
   * Opens the store that already exists in {@code directory}, for reading: nothing is created, a
   * directory without a store fails with INVALID_CONFIG, and so does reading a dataset that was
   * never created (see {@link RocksDbStoreProvider}, option {@code create=false}).
   */
  public static RocksDbKVStore openExisting(Path directory) {
    return new RocksDbKVStore(RocksDbSettings.defaults(directory).existingOnly(), Clock.systemUTC());
  }

  static RocksDbKVStore open(RocksDbSettings settings, Clock clock) {
    return new RocksDbKVStore(settings, clock);
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    return executor.submit(() -> {
      database.createDataset(dataset);
      return null;
    });
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    return executor.submit(() -> read(dataset, keys));
  }

  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    return executor.submit(() -> write(dataset, entries));
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    return executor.submit(() -> scanRows(dataset, Key.of(partition, fromInclusive), toExclusive, limit));
  }

  /**
   * Deletes every row whose TTL has passed, now, instead of waiting for the next periodic sweep.
   * Deleted rows leave the disk when RocksDB compacts their files (see {@link #compact()}).
   *
   * @return the number of rows deleted
   */
  public CompletableFuture<Long> sweepExpired() {
    return executor.submit(() -> expiry.sweep(clock.millis(), database::dataset,
        sweepGate.writeLock(), executor::isClosed));
  }

  /** Compacts every column family now, reclaiming the space of deleted and overwritten rows. */
  public CompletableFuture<Void> compact() {
    return executor.submit(() -> {
      database.compactAll();
      return null;
    });
  }

  /**
   * Waits for operations already running, fails queued ones with CLOSED, and releases the database
   * and its directory lock.
   */
  @Override
  protected void closeStore() {
    executor.close();
  }

  private BatchRead read(String dataset, List<Key> batch) throws Exception {
    ColumnFamilyHandle cf = existing(dataset);
    if (cf == null) {
      return BatchRead.empty();
    }
    List<byte[]> rows = new ArrayList<>(batch.size());
    for (Key k : batch) {
      rows.add(RowKeys.encode(k));
    }
    List<byte[]> stored = database.db().multiGetAsList(database.readOptions(),
        Collections.nCopies(rows.size(), cf), rows);
    long now = clock.millis();
    List<byte[]> values = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      byte[] s = stored.get(i);
      if (s == null) {
        // multiGetAsList gives null for a missing row and also for a row it could not read (a
        // corrupt block): a point get tells them apart, throwing on the error.
        s = database.db().get(cf, database.readOptions(), rows.get(i));
      }
      values.add(s != null && StoredValues.liveAt(s, now) ? StoredValues.payload(s) : null);
    }
    return BatchRead.inOrder(batch, values);
  }

  private List<Entry> write(String dataset, List<Entry> batch) throws Exception {
    ColumnFamilyHandle cf = database.createDataset(dataset);
    long now = clock.millis();
    try (WriteBatch wb = new WriteBatch()) {
      for (Entry e : batch) {
        byte[] row = RowKeys.encode(e.key());
        long expiresAt = e.ttl().map(t -> saturatedAdd(now, t.toMillis())).orElse(StoredValues.NEVER);
        wb.put(cf, row, StoredValues.encode(expiresAt, e.value()));
        if (expiresAt != StoredValues.NEVER) {
          expiry.add(wb, expiresAt, dataset, row);
        }
      }
      sweepGate.readLock().lock();
      try {
        database.db().write(database.writeOptions(), wb);
      } finally {
        sweepGate.readLock().unlock();
      }
    }
    return List.of();
  }

  private List<Entry> scanRows(String dataset, Key base, long toExclusive, int limit) throws Exception {
    ColumnFamilyHandle cf = existing(dataset);
    List<Entry> out = new ArrayList<>();
    if (cf == null) {
      return out;
    }
    byte[] upper = RowKeys.encode(base, toExclusive);
    long now = clock.millis();
    try (RocksIterator it = database.db().newIterator(cf, database.readOptions())) {
      for (it.seek(RowKeys.encode(base)); it.isValid() && out.size() < limit; it.next()) {
        byte[] row = it.key();
        if (Arrays.compareUnsigned(row, upper) >= 0) {
          break;
        }
        byte[] stored = it.value();
        if (StoredValues.liveAt(stored, now)) {
          out.add(Entry.of(RowKeys.decode(row), StoredValues.payload(stored)));
        }
      }
      it.status();
    }
    return out;
  }

  /** The dataset's column family; null (reads as empty) only in a store that may create it. */
  private ColumnFamilyHandle existing(String dataset) {
    ColumnFamilyHandle cf = database.dataset(dataset);
    if (cf == null && !create) {
      throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, name(), "dataset '" + dataset
          + "' does not exist in this store (nothing was ever written to it); datasets: "
          + database.datasetNames());
    }
    return cf;
  }

  private void sweepQuietly() {
    try {
      expiry.sweep(clock.millis(), database::dataset, sweepGate.writeLock(), executor::isClosed);
    } catch (Exception e) {
      // The next sweep retries; expired rows stay invisible to reads meanwhile.
      System.getLogger(RocksDbKVStore.class.getName()).log(System.Logger.Level.WARNING,
          name() + ": expiry sweep failed, will retry", e);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? StoredValues.NEVER - 1 : Math.min(r, StoredValues.NEVER - 1);
  }
}
