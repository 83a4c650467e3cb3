package io.tilekv.store.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The Cassandra store: one table per dataset ({@link CassandraSchema}), one {@link CqlSession},
 * statements prepared once per table. Reads run one single-partition {@code sort IN ?} statement
 * per partition of a batch; writes one single-partition statement (an unlogged batch when a
 * partition has several rows) per partition; the partitions of a batch go concurrently, bounded by
 * the driver's request throttler.
 */
public final class CassandraKVStore extends AbstractKVStore {
  /** Most clustering keys in one {@code IN}; larger partition groups take several statements. */
  static final int MAX_IN = 100;
  /** Rows and value bytes of one single-partition unlogged batch. */
  static final int MAX_BATCH_ROWS = 100;
  static final int MAX_BATCH_BYTES = 128 * 1024;
  /** Rows fetched per page of a read or scan: values may be up to 1 MiB. */
  static final int PAGE_ROWS = 100;
  /** Cassandra refuses TTLs above 20 years. */
  static final long MAX_TTL_SECONDS = 630_720_000L;

  static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(1_000).maxPutBatch(1_000)
      .maxValueBytes(1 << 20).maxKeyBytes(16 * 1024)
      .ttlResolution(Duration.ofSeconds(1))
      .build();

  /** Runs one statement; tests wrap it to inject faults. */
  interface StatementRunner {
    CompletionStage<AsyncResultSet> run(Statement<?> statement);
  }

  private final CqlSession session;
  private final CassandraSettings config;
  private final StatementRunner runner;
  private final Map<String, CompletableFuture<CassandraSchema.Table>> tables = new ConcurrentHashMap<>();
  private final LongAdder statements = new LongAdder();

  private CassandraKVStore(CqlSession session, CassandraSettings config, UnaryOperator<StatementRunner> wrap) {
    super(config.storeName(), CAPABILITIES, AdapterSettings.of(config.timeout()));
    this.session = session;
    this.config = config;
    this.runner = wrap.apply(session::executeAsync);
  }

  /**
   * Connects, and checks (or creates) the keyspace, within the configured timeout.
   *
   * @throws KVStoreException UNAVAILABLE, TIMEOUT, AUTHENTICATION, or INVALID_CONFIG for a keyspace
   *     that is absent and may not be created
   */
  public static CassandraKVStore connect(CassandraSettings config) {
    return connect(config, UnaryOperator.identity());
  }

  static CassandraKVStore connect(CassandraSettings config, UnaryOperator<StatementRunner> wrap) {
    CqlSession session = CassandraSessions.open(config);
    try {
      CassandraSchema.ensureKeyspace(session, config);
      return new CassandraKVStore(session, config, wrap);
    } catch (RuntimeException e) {
      session.forceCloseAsync();
      throw e;
    }
  }

  /** Statements sent so far (a batch counts once): the benchmark's round trips. */
  public long statementsSent() {
    return statements.sum();
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    return table(dataset).thenCompose(t -> {
      Map<ByteBuffer, List<Key>> groups = byPartition(keys, Key::partition);
      Map<Key, byte[]> found = new ConcurrentHashMap<>();
      List<CompletableFuture<Void>> parts = new ArrayList<>();
      for (List<Key> group : groups.values()) {
        ByteBuffer partition = CassandraSchema.stored(group.get(0).partition());
        for (int from = 0; from < group.size(); from += MAX_IN) {
          Map<Long, Key> bySort = new HashMap<>();
          for (Key k : group.subList(from, Math.min(group.size(), from + MAX_IN))) {
            bySort.put(k.sort(), k);
          }
          BoundStatement select = t.select().bind(partition, new ArrayList<>(bySort.keySet()))
              .setConsistencyLevel(config.readConsistency()).setIdempotent(true).setPageSize(PAGE_ROWS);
          parts.add(rows(select, row -> {
            Key k = bySort.get(row.getLong(0));
            ByteBuffer v = row.getByteBuffer(1);
            if (k != null && v != null) {
              found.put(k, bytes(v));
            }
          }));
        }
      }
      return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
          .thenApply(v -> BatchRead.of(found, List.of()));
    });
  }

  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    return table(dataset).thenCompose(t -> {
      List<List<Entry>> chunks = new ArrayList<>();
      for (List<Entry> group : byPartition(entries, e -> e.key().partition()).values()) {
        List<Entry> chunk = new ArrayList<>();
        long bytes = 0;
        for (Entry e : group) {
          if (!chunk.isEmpty() && (chunk.size() >= MAX_BATCH_ROWS || bytes + e.valueLength() > MAX_BATCH_BYTES)) {
            chunks.add(chunk);
            chunk = new ArrayList<>();
            bytes = 0;
          }
          chunk.add(e);
          bytes += e.valueLength();
        }
        chunks.add(chunk);
      }
      List<CompletableFuture<Throwable>> sent = new ArrayList<>(chunks.size());
      for (List<Entry> chunk : chunks) {
        sent.add(execute(write(t, chunk)).handle((rs, err) -> err));
      }
      return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> {
        List<Entry> unprocessed = new ArrayList<>();
        Throwable first = null;
        for (int i = 0; i < chunks.size(); i++) {
          Throwable err = sent.get(i).join();
          if (err != null) {
            KVStoreException kv = translate("multiPut", err);
            if (!kv.retryable()) {
              throw kv;
            }
            first = first == null ? kv : first;
            unprocessed.addAll(chunks.get(i));
          }
        }
        if (first != null && unprocessed.size() == entries.size()) {
          // Nothing was written: fail with the real reason so that the base retries or reports it.
          throw KVStoreException.unwrap(first);
        }
        return unprocessed;
      });
    });
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    return table(dataset).thenCompose(t -> {
      List<Entry> out = new ArrayList<>();
      BoundStatement scan = t.scan().bind(CassandraSchema.stored(partition), fromInclusive, toExclusive, limit)
          .setConsistencyLevel(config.readConsistency()).setIdempotent(true).setPageSize(PAGE_ROWS);
      return rows(scan, row -> {
        ByteBuffer v = row.getByteBuffer(1);
        if (v != null) {
          out.add(Entry.of(Key.of(partition, row.getLong(0)), bytes(v)));
        }
      }).thenApply(v -> out);
    });
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    SimpleStatement create = CassandraSchema.createTable(config, dataset);
    return execute(create).thenCompose(rs -> table(dataset)).thenApply(t -> null);
  }

  @Override
  protected void closeStore() {
    CassandraSessions.close(session, config.timeout());
  }

  @Override
  protected KVStoreException translate(String operation, Throwable error) {
    return CassandraErrors.map(name(), operation, error);
  }

  /** The dataset's prepared statements, prepared once; a failed preparation is tried again next time. */
  private CompletableFuture<CassandraSchema.Table> table(String dataset) {
    CompletableFuture<CassandraSchema.Table> t = tables.computeIfAbsent(dataset,
        d -> CassandraSchema.prepare(session, config, d).toCompletableFuture());
    if (t.isCompletedExceptionally()) {
      tables.remove(dataset, t);
      t = tables.computeIfAbsent(dataset, d -> CassandraSchema.prepare(session, config, d).toCompletableFuture());
    }
    CompletableFuture<CassandraSchema.Table> mine = t;
    return t.whenComplete((v, err) -> {
      if (err != null) {
        tables.remove(dataset, mine);
      }
    });
  }

  private Statement<?> write(CassandraSchema.Table t, List<Entry> chunk) {
    if (chunk.size() == 1) {
      return insert(t, chunk.get(0)).setConsistencyLevel(config.writeConsistency()).setIdempotent(true);
    }
    List<BatchableStatement<?>> rows = new ArrayList<>(chunk.size());
    for (Entry e : chunk) {
      rows.add(insert(t, e));
    }
    return BatchStatement.newInstance(DefaultBatchType.UNLOGGED, rows)
        .setConsistencyLevel(config.writeConsistency()).setIdempotent(true);
  }

  /** Never a null bound value: an entry without TTL uses the statement without {@code USING TTL}. */
  private static BoundStatement insert(CassandraSchema.Table t, Entry e) {
    ByteBuffer partition = CassandraSchema.stored(e.key().partition());
    ByteBuffer value = ByteBuffer.wrap(e.value());
    return e.ttl().isPresent()
        ? t.insertTtl().bind(partition, e.key().sort(), value, ttlSeconds(e.ttl().get()))
        : t.insert().bind(partition, e.key().sort(), value);
  }

  /** Cassandra counts TTLs in whole seconds: round up, so nothing expires before a second has begun. */
  static int ttlSeconds(Duration ttl) {
    long s = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
    return (int) Math.max(1, Math.min(MAX_TTL_SECONDS, s));
  }

  private CompletableFuture<AsyncResultSet> execute(Statement<?> statement) {
    statements.increment();
    try {
      return runner.run(statement).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Every row of every page of {@code statement}. */
  private CompletableFuture<Void> rows(Statement<?> statement, Consumer<Row> each) {
    return execute(statement).thenCompose(rs -> pages(rs, each));
  }

  private static CompletableFuture<Void> pages(AsyncResultSet rs, Consumer<Row> each) {
    for (Row row : rs.currentPage()) {
      each.accept(row);
    }
    return rs.hasMorePages() ? rs.fetchNextPage().toCompletableFuture().thenCompose(next -> pages(next, each))
        : CompletableFuture.completedFuture(null);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static <T> Map<ByteBuffer, List<T>> byPartition(List<T> items, java.util.function.Function<T, byte[]> partition) {
    Map<ByteBuffer, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      groups.computeIfAbsent(ByteBuffer.wrap(partition.apply(item)), p -> new ArrayList<>()).add(item);
    }
    return groups;
  }
}
