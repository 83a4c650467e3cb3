package io.tilekv.store.rocksdb;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.Batches;
import io.tilekv.spi.support.RetryPolicy;
import io.tilekv.spi.support.StoreGuards;
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
import java.util.Optional;
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
public final class RocksDbKVStore implements KVStore {
  /** Most keys per native multiGet and most entries per atomic write batch. */
  public static final int MAX_BATCH = 1_000;

  private static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_BATCH)
      .maxPutBatch(MAX_BATCH)
      .maxValueBytes(16 << 20)
      .maxKeyBytes(64 << 10)
      .build();

  private final String name;
  private final RocksDbSettings settings;
  private final Clock clock;
  private final RocksDatabase database;
  private final ExpiryIndex expiry;
  private final StoreExecutor executor;
  /** Writers share it; the sweep takes it alone, so it never deletes a row being rewritten. */
  private final ReentrantReadWriteLock sweepGate = new ReentrantReadWriteLock();

  private RocksDbKVStore(RocksDbSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.name = "rocksdb:" + settings.directory().toAbsolutePath();
    this.database = RocksDatabase.open(name, settings.directory(), settings.blockCacheBytes(), settings.syncWrites());
    this.expiry = new ExpiryIndex(database.db(), database.expiryFamily(), database.writeOptions());
    this.executor = new StoreExecutor(name, settings.threads(), settings.maxQueued(), database);
    if (!settings.sweepInterval().isZero()) {
      executor.scheduleSweep(settings.sweepInterval(), this::sweepQuietly);
    }
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

  static RocksDbKVStore open(RocksDbSettings settings, Clock clock) {
    return new RocksDbKVStore(settings, clock);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    StoreGuards.dataset(dataset);
    return bounded("createDataset", executor.submit(() -> {
      database.createDataset(dataset);
      return null;
    }));
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    StoreGuards.dataset(dataset);
    List<Key> requested = List.copyOf(keys);
    if (executor.isClosed()) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    return bounded("multiGet", Batches.getAll(requested, MAX_BATCH, batch -> executor.submit(() -> read(dataset, batch))));
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    StoreGuards.dataset(dataset);
    if (executor.isClosed()) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    CompletableFuture<Void> rejected = StoreGuards.checkPut(name, CAPABILITIES, entries);
    if (rejected != null) {
      return rejected;
    }
    // Retryable failures (a full queue, an I/O error) are retried with backoff: writes are idempotent
    // whole-value overwrites, so repeating a batch is safe.
    return bounded("multiPut", Batches.putAll(name, entries, MAX_BATCH, RetryPolicy.defaults(),
        batch -> executor.submit(() -> write(dataset, batch))));
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive,
      long toExclusive) {
    StoreGuards.dataset(dataset);
    Key base = Key.of(Objects.requireNonNull(partition, "partition is null"), fromInclusive);
    return bounded("scan", executor.submit(() -> scanRows(dataset, base, toExclusive)));
  }

  /**
   * Deletes every row whose TTL has passed, now, instead of waiting for the next periodic sweep.
   * Deleted rows leave the disk when RocksDB compacts their files (see {@link #compact()}).
   *
   * @return the number of rows deleted
   */
  public CompletableFuture<Long> sweepExpired() {
    return bounded("sweepExpired", executor.submit(() -> expiry.sweep(clock.millis(), database::dataset,
        sweepGate.writeLock(), executor::isClosed)));
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
   * and its directory lock. Later operations fail with CLOSED. Idempotent.
   */
  @Override
  public void close() {
    executor.close();
  }

  @Override
  public String toString() {
    return "RocksDbKVStore[" + name + "]";
  }

  private List<Optional<byte[]>> read(String dataset, List<Key> batch) throws Exception {
    ColumnFamilyHandle cf = database.dataset(dataset);
    if (cf == null || batch.isEmpty()) { // RocksJava asserts on an empty multiGet
      return Collections.nCopies(batch.size(), Optional.empty());
    }
    List<byte[]> rows = new ArrayList<>(batch.size());
    for (Key k : batch) {
      rows.add(RowKeys.encode(k));
    }
    List<byte[]> stored = database.db().multiGetAsList(database.readOptions(),
        Collections.nCopies(rows.size(), cf), rows);
    long now = clock.millis();
    List<Optional<byte[]>> out = new ArrayList<>(stored.size());
    for (byte[] s : stored) {
      out.add(s != null && StoredValues.liveAt(s, now) ? Optional.of(StoredValues.payload(s)) : Optional.empty());
    }
    return out;
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

  private List<Entry> scanRows(String dataset, Key base, long toExclusive) throws Exception {
    ColumnFamilyHandle cf = database.dataset(dataset);
    List<Entry> out = new ArrayList<>();
    if (cf == null || base.sort() >= toExclusive) {
      return out;
    }
    byte[] upper = RowKeys.encode(base, toExclusive);
    long now = clock.millis();
    try (RocksIterator it = database.db().newIterator(cf, database.readOptions())) {
      for (it.seek(RowKeys.encode(base)); it.isValid(); it.next()) {
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

  private void sweepQuietly() {
    try {
      expiry.sweep(clock.millis(), database::dataset, sweepGate.writeLock(), executor::isClosed);
    } catch (Exception e) {
      // The next sweep retries; expired rows stay invisible to reads meanwhile.
      System.getLogger(RocksDbKVStore.class.getName()).log(System.Logger.Level.WARNING,
          name + ": expiry sweep failed, will retry", e);
    }
  }

  private <T> CompletableFuture<T> bounded(String operation, CompletableFuture<T> future) {
    return StoreGuards.within(future, settings.timeout(), name, operation);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? StoredValues.NEVER - 1 : Math.min(r, StoredValues.NEVER - 1);
  }
}
