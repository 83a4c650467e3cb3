package com.example.tilekv.sqlite;

import static java.util.Objects.requireNonNull;

import com.example.tilekv.sqlite.internal.Connections;
import com.example.tilekv.sqlite.internal.Session;
import com.example.tilekv.sqlite.internal.Tables;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import io.tilekv.spi.support.StoreGuards;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TileKV store in one SQLite file: one table per dataset with the columns
 * {@code (partition BLOB, sort INTEGER, value BLOB, expires_at INTEGER)} and the primary key
 * {@code (partition, sort)}.
 *
 * <p>Declares {@link Capability#RANGE_SCAN} (an ordered read of the primary key) and
 * {@link Capability#TTL} (an expiry time per row, filtered on every read and deleted by a periodic
 * sweep). Reads and writes run on the store's own threads and return futures; a {@code multiGet}
 * batch is one SQL statement, a {@code multiPut} batch one transaction of UPSERTs. Several stores
 * (in one or several processes) may open the same file; they see each other's commits.
 *
 * <p>Thread-safe. Open with {@link #builder(Path)} or through the {@code sqlite:} provider.
 */
public final class SqliteKVStore extends AbstractKVStore {
  /** Keys per read statement: two SQL parameters each, far below SQLite's parameter limit. */
  public static final int MAX_GET_BATCH = 500;
  /** Rows per write transaction. */
  public static final int MAX_PUT_BATCH = 500;

  private final Clock clock;
  private final Duration timeout;
  private final Connections connections;
  private final ScheduledExecutorService sweeper;
  private final Set<String> readyTables = ConcurrentHashMap.newKeySet();

  private SqliteKVStore(Builder b) {
    // SQLite either commits a whole batch or none of it, so a batch never comes back partly
    // unprocessed; a busy file fails the batch with a retryable error and the base retries it.
    super("sqlite:" + b.file, StoreCapabilities.builder()
        .supports(Capability.RANGE_SCAN, Capability.TTL)
        .maxGetBatch(MAX_GET_BATCH)
        .maxPutBatch(MAX_PUT_BATCH)
        .maxValueBytes(b.maxValueBytes)
        .maxKeyBytes(64 << 10)
        .build(), AdapterSettings.of(b.timeout));
    String name = name();
    this.clock = b.clock;
    this.timeout = b.timeout;
    try {
      this.connections = new Connections(name, "jdbc:sqlite:" + b.file, b.readers,
          (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (SQLException e) {
      throw new KVStoreException(KVStoreException.Kind.UNAVAILABLE, name,
          "cannot open " + b.file + ": " + e.getMessage(), e);
    }
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-sweep");
      t.setDaemon(true);
      return t;
    });
    long every = b.sweepInterval.toMillis();
    sweeper.scheduleWithFixedDelay(() -> sweepExpired(), every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts configuring a store kept in {@code file}; the file is created if it does not exist. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    String table = Tables.table(dataset);
    return connections.write("createDataset", session -> {
      ensureTable(session, table);
      return (Void) null;
    }).whenComplete((v, t) -> forgetOnFailure(table, t));
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    return connections.read("multiGet", session -> readBatch(session, Tables.table(dataset), keys));
  }

  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    String table = Tables.table(dataset);
    return connections.write("multiPut", session -> writeBatch(session, table, entries))
        // A rolled-back batch may have rolled back the table's creation too.
        .whenComplete((v, t) -> forgetOnFailure(table, t));
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    String table = Tables.table(dataset);
    return connections.read("scan", session -> {
      ensureTable(session, table);
      List<Entry> out = new ArrayList<>();
      PreparedStatement s = session.prepare(Tables.scan(table));
      s.setBytes(1, partition);
      s.setLong(2, fromInclusive);
      s.setLong(3, toExclusive);
      s.setLong(4, clock.millis());
      s.setInt(5, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(Entry.of(Key.of(partition, rs.getLong(1)), value(rs, 2)));
        }
      }
      return out;
    });
  }

  /**
   * Deletes every expired row of every dataset in the file now. The store also does this on its
   * own every {@code sweepInterval}; reads never return expired rows either way.
   */
  public CompletableFuture<Integer> sweepExpired() {
    if (isClosed()) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name()));
    }
    return StoreGuards.within(connections.write("sweep", session -> {
      Connection c = session.connection();
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(Tables.listTables())) {
        while (rs.next()) {
          tables.add(Tables.quote(rs.getString(1)));
        }
      }
      int deleted = 0;
      long now = clock.millis();
      for (String table : tables) {
        try (PreparedStatement s = c.prepareStatement(Tables.sweep(table))) {
          s.setLong(1, now);
          deleted += s.executeUpdate();
        }
      }
      return deleted;
    }), timeout, name(), "sweep");
  }

  @Override
  protected void closeStore() {
    sweeper.shutdownNow();
    connections.close(timeout.toMillis());
  }

  private BatchRead readBatch(Session session, String table, List<Key> batch) throws SQLException {
    ensureTable(session, table);
    List<byte[]> out = new ArrayList<>(Collections.nCopies(batch.size(), (byte[]) null));
    PreparedStatement s = session.prepare(Tables.multiGet(table, batch.size()));
    int p = 1;
    for (Key k : batch) {
      s.setBytes(p++, k.partition());
      s.setLong(p++, k.sort());
    }
    s.setLong(p, clock.millis());
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.set(rs.getInt(1), value(rs, 2));
      }
    }
    return BatchRead.inOrder(batch, out);
  }

  private List<Entry> writeBatch(Session session, String table, List<Entry> batch) throws SQLException {
    ensureTable(session, table);
    long now = clock.millis();
    PreparedStatement s = session.prepare(Tables.upsert(table));
    try {
      for (Entry e : batch) {
        s.setBytes(1, e.key().partition());
        s.setLong(2, e.key().sort());
        s.setBytes(3, e.value());
        if (e.ttl().isPresent()) {
          s.setLong(4, saturatedAdd(now, e.ttl().get().toMillis()));
        } else {
          s.setNull(4, Types.INTEGER);
        }
        s.addBatch();
      }
      s.executeBatch();
    } finally {
      s.clearBatch(); // a failed batch must not linger in the cached statement
    }
    return List.of();
  }

  /** Creates the dataset's table on first use, so reading a dataset never created finds nothing. */
  private void ensureTable(Session session, String table) throws SQLException {
    if (readyTables.contains(table)) {
      return;
    }
    try (Statement s = session.connection().createStatement()) {
      s.executeUpdate(Tables.create(table));
    }
    readyTables.add(table);
  }

  private void forgetOnFailure(String table, Throwable failure) {
    if (failure != null) {
      readyTables.remove(table);
    }
  }

  /** The driver may report a zero-length BLOB as null; the column is NOT NULL, so it is empty. */
  private static byte[] value(ResultSet rs, int column) throws SQLException {
    byte[] v = rs.getBytes(column);
    return v == null ? new byte[0] : v;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** Options of a {@link SqliteKVStore}; every one has a default. */
  public static final class Builder {
    private final Path file;
    private Duration timeout = Duration.ofSeconds(5);
    private int readers = 2;
    private Duration sweepInterval = Duration.ofMinutes(10);
    private int maxValueBytes = 4 << 20;
    private Clock clock = Clock.systemUTC();

    private Builder(Path file) {
      this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    /** Longest any operation may take, lock waits included (default 5 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** Read threads, each with its own connection (default 2). */
    public Builder readers(int readers) {
      if (readers < 1) {
        throw new IllegalArgumentException("readers must be at least 1: " + readers);
      }
      this.readers = readers;
      return this;
    }

    /** How often expired rows are deleted (default 10 minutes). */
    public Builder sweepInterval(Duration every) {
      this.sweepInterval = positive(every, "sweepInterval");
      return this;
    }

    /** Largest value accepted (default 4 MiB). */
    public Builder maxValueBytes(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxValueBytes must be positive: " + max);
      }
      this.maxValueBytes = max;
      return this;
    }

    /** The clock TTLs are measured with (default the system clock); tests pass one they control. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock is null");
      return this;
    }

    /**
     * Opens the store.
     *
     * @throws KVStoreException UNAVAILABLE if the file cannot be opened or created
     */
    public SqliteKVStore open() {
      return new SqliteKVStore(this);
    }

    private static Duration positive(Duration d, String what) {
      requireNonNull(d, what + " is null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
