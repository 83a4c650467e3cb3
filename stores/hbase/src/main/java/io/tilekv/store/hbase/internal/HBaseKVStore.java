package io.tilekv.store.hbase.internal;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.TableNotEnabledException;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.ScanResultConsumer;

/**
 * Tiles in HBase: a table per dataset in the configured namespace, one column family, one cell
 * per tile under the row of {@link HBaseRowKeys}.
 *
 * <p>A read batch is one {@code AsyncTable.getAll} (one multi RPC per region server); a write
 * batch is one {@code putAll}, or one {@code batchAll} when it has entries with a TTL (see
 * {@link #writeBatch}); a scan page is one row-range {@code Scan} with a limit. Client callbacks
 * run on a small executor of this store, never on HBase's RPC threads.
 */
public final class HBaseKVStore extends AbstractKVStore {
  public static final int MAX_GET_BATCH = 1_000;
  /** At most 200 x 1 MiB in one multi RPC: well under HBase's 256 MiB request limit. */
  public static final int MAX_PUT_BATCH = 200;
  public static final int MAX_VALUE_BYTES = 1 << 20;
  public static final int MAX_PARTITION_BYTES = 16 << 10;
  /** One thousand years: a longer TTL would overflow HBase's timestamp + TTL. */
  private static final long MAX_TTL_MILLIS = 1_000L * 366 * 86_400_000L;
  private static final byte[] QUALIFIER = {'v'};

  static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_GET_BATCH)
      .maxPutBatch(MAX_PUT_BATCH)
      .maxValueBytes(MAX_VALUE_BYTES)
      .maxKeyBytes(MAX_PARTITION_BYTES)
      .ttlResolution(Duration.ofMillis(1))
      .build();

  private final HBaseSettings settings;
  private final AsyncConnection connection;
  private final ExecutorService callbacks;
  private final HBaseTables tables;
  private final byte[] family;
  /** Cell timestamps of this client's write batches: strictly increasing, so a rewrite is the newer version. */
  private final AtomicLong clock = new AtomicLong();

  /** Test hook: a write fault, raised before the batch is sent or after it (or a part of it) was written. */
  record Fault(Throwable error, boolean afterWrite, List<Entry> written) {}

  /** Test hook: errors injected where the client meets HBase. */
  interface FaultHook {
    FaultHook NONE = new FaultHook() {};

    default Fault onWrite(String dataset, List<Entry> batch) {
      return null;
    }

    default Throwable onRead(String dataset, List<Key> batch) {
      return null;
    }
  }

  private volatile FaultHook faults = FaultHook.NONE;

  private HBaseKVStore(HBaseSettings settings, AsyncConnection connection, ExecutorService callbacks) {
    super(settings.storeName(), CAPABILITIES, AdapterSettings.of(settings.timeout()));
    this.settings = settings;
    this.connection = connection;
    this.callbacks = callbacks;
    this.family = settings.family().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.tables = new HBaseTables(settings, connection, callbacks);
  }

  /**
   * Connects, waiting up to the timeout for ZooKeeper to name the cluster.
   *
   * @throws KVStoreException UNAVAILABLE or TIMEOUT if the cluster cannot be reached in time
   */
  public static HBaseKVStore connect(HBaseSettings settings) {
    String name = settings.storeName();
    CompletableFuture<AsyncConnection> pending;
    // Loaded as a plugin, this class has its own class loader; the client looks up its defaults
    // (hbase-default.xml) and implementation classes through the context class loader.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(HBaseKVStore.class.getClassLoader());
    try {
      pending = ConnectionFactory.createAsyncConnection(settings.configuration());
    } catch (RuntimeException e) {
      throw HBaseErrors.map(name, "connect", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    try {
      AsyncConnection c = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new HBaseKVStore(settings, c, callbackExecutor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeWhenDone(pending);
      throw new KVStoreException(Kind.UNAVAILABLE, name, "interrupted while connecting", e);
    } catch (TimeoutException e) {
      closeWhenDone(pending);
      throw new KVStoreException(Kind.TIMEOUT, name, "no connection to HBase within " + settings.timeout()
          + " (is ZooKeeper at " + String.join(",", settings.quorum()) + " up, and the znode " + settings.znode() + " right?)", e);
    } catch (ExecutionException e) {
      throw HBaseErrors.map(name, "connect", e.getCause());
    }
  }

  private static void closeWhenDone(CompletableFuture<AsyncConnection> pending) {
    pending.thenAccept(c -> {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was used
      }
    });
  }

  /** Callbacks only: decoding results and completing futures, so two threads suffice. */
  private static ExecutorService callbackExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "tilekv-hbase-callbacks-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, (task, executor) -> task.run()); // after close: run the callbacks that fail calls in flight, never drop them
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    Throwable readFault = faults.onRead(dataset, keys);
    if (readFault != null) {
      return CompletableFuture.failedFuture(readFault);
    }
    List<Get> gets = new ArrayList<>(keys.size());
    for (Key k : keys) {
      gets.add(new Get(HBaseRowKeys.row(k)).addColumn(family, QUALIFIER));
    }
    return whyFailed(dataset, table(dataset).getAll(gets)).thenApply(results -> {
      List<byte[]> values = new ArrayList<>(results.size());
      for (Result r : results) {
        values.add(r.getValue(family, QUALIFIER)); // null when absent or expired
      }
      return BatchRead.inOrder(keys, values);
    });
  }

  /**
   * Writes with explicit, strictly increasing cell timestamps. An entry with a TTL also deletes the
   * older versions of its cell (a delete marker just below its timestamp): otherwise, once the new
   * cell expired, HBase would show the older version again until a compaction removed it. Entries
   * without a TTL never expire, so a plain put suffices. Delete and put commute (explicit
   * timestamps), so they need no atomic row mutation.
   */
  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> batch) {
    Fault fault = faults.onWrite(dataset, batch);
    if (fault != null && !fault.afterWrite()) {
      return CompletableFuture.failedFuture(fault.error());
    }
    List<Entry> entries = fault == null ? batch : fault.written();
    List<Put> puts = new ArrayList<>(entries.size());
    List<Delete> deletes = new ArrayList<>();
    long ts = nextTimestamp();
    for (Entry e : entries) {
      byte[] row = HBaseRowKeys.row(e.key());
      Put put = new Put(row, true).addColumn(family, QUALIFIER, ts, e.value());
      if (e.ttl().isPresent()) {
        put.setTTL(ttlMillis(e.ttl().get()));
        deletes.add(new Delete(row).addColumns(family, QUALIFIER, ts - 1));
      }
      puts.add(put);
    }
    AsyncTable<ScanResultConsumer> table = table(dataset);
    CompletableFuture<List<Entry>> sent;
    if (puts.isEmpty()) {
      sent = CompletableFuture.completedFuture(List.of());
    } else if (deletes.isEmpty()) {
      sent = table.putAll(puts).thenApply(v -> List.of());
    } else {
      List<Row> all = new ArrayList<>(puts.size() + deletes.size());
      all.addAll(deletes);
      all.addAll(puts);
      sent = table.batchAll(all).thenApply(v -> List.of());
    }
    return fault == null ? whyFailed(dataset, sent)
        : sent.thenCompose(v -> CompletableFuture.failedFuture(fault.error()));
  }

  HBaseSettings settingsForTest() {
    return settings;
  }

  void injectFaults(FaultHook hook) {
    this.faults = hook;
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    Scan scan = new Scan()
        .withStartRow(HBaseRowKeys.row(partition, fromInclusive), true)
        .withStopRow(HBaseRowKeys.row(partition, toExclusive), false)
        .addColumn(family, QUALIFIER)
        .setLimit(limit)
        .setCaching(Math.min(limit, 1_000))
        .setReadType(Scan.ReadType.PREAD);
    return whyFailed(dataset, table(dataset).scanAll(scan)).thenApply(results -> {
      List<Entry> out = new ArrayList<>(results.size());
      for (Result r : results) {
        byte[] v = r.getValue(family, QUALIFIER);
        if (v != null) {
          out.add(Entry.of(Key.of(partition, HBaseRowKeys.sortOf(r.getRow())), v));
        }
      }
      return out;
    });
  }

  /**
   * HBase's batch calls retry a disabled table's closed regions until the operation timeout and
   * then report only that; ask the master whether the table is disabled so the error says so.
   */
  private <T> CompletableFuture<T> whyFailed(String dataset, CompletableFuture<T> call) {
    return call.exceptionallyCompose(t -> {
      if (KVStoreException.unwrap(t) != null) {
        return CompletableFuture.failedFuture(t);
      }
      return tables.disabled(dataset).handle((disabled, e) -> {
        if (Boolean.TRUE.equals(disabled)) {
          throw new CompletionException(new TableNotEnabledException(HBaseTables.tableName(settings.namespace(), dataset)));
        }
        throw t instanceof CompletionException ce ? ce : new CompletionException(t);
      });
    });
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    return tables.create(dataset);
  }

  @Override
  protected void closeStore() {
    try {
      connection.close();
    } catch (IOException | RuntimeException ignored) {
      // closing: nothing left to do with the error
    } finally {
      callbacks.shutdown();
    }
  }

  @Override
  protected KVStoreException translate(String operation, Throwable error) {
    return HBaseErrors.map(name(), operation, error);
  }

  private AsyncTable<ScanResultConsumer> table(String dataset) {
    return tables.table(dataset);
  }

  /**
   * The timestamp of the next write batch: the wall clock, or one past the previous batch's if that
   * is not older. One per batch (its keys are distinct), so a fast writer does not drift ahead.
   */
  private long nextTimestamp() {
    long now = System.currentTimeMillis();
    return clock.updateAndGet(last -> Math.max(last + 1, now));
  }

  static long ttlMillis(Duration ttl) {
    if (ttl.compareTo(Duration.ofMillis(MAX_TTL_MILLIS)) >= 0) {
      return MAX_TTL_MILLIS;
    }
    // Round sub-millisecond remainders up: a positive TTL never becomes 0, which means "no TTL".
    return Math.max(1, ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1));
  }

  @Override
  public String toString() {
    return "HBaseKVStore{" + settings + "}";
  }

}
