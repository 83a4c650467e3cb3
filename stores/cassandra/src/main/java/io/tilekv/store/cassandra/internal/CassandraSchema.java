package io.tilekv.store.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data model: a keyspace, and per dataset a table
 * {@code (partition blob, sort bigint, value blob, PRIMARY KEY ((partition), sort))}.
 */
final class CassandraSchema {
  /** Cassandra refuses an empty partition key, and a TileKV partition may be empty: prefix one byte. */
  static final byte PARTITION_PREFIX = 0;

  /** The statements of one dataset's table, prepared once. */
  record Table(PreparedStatement select, PreparedStatement insert, PreparedStatement insertTtl,
      PreparedStatement scan) {}

  private CassandraSchema() {}

  static ByteBuffer stored(byte[] partition) {
    byte[] b = new byte[partition.length + 1];
    b[0] = PARTITION_PREFIX;
    System.arraycopy(partition, 0, b, 1, partition.length);
    return ByteBuffer.wrap(b);
  }

  /**
   * The table of a dataset. Dataset names allow {@code .}, {@code -} and upper case, table names do
   * not: a name that is already a valid lower-case table name maps to {@code d_<name>}, any other to
   * {@code h_<its lower-case letters>_<hash>}, so that two datasets never share a table.
   */
  static String tableName(String dataset) {
    if (dataset.matches("[a-z0-9_]{1,46}")) {
      return "d_" + dataset;
    }
    String readable = dataset.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    readable = readable.substring(0, Math.min(28, readable.length()));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(dataset.getBytes(StandardCharsets.UTF_8));
      return "h_" + readable + "_" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static SimpleStatement createTable(CassandraSettings config, String dataset) {
    return SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + config.keyspace() + "." + tableName(dataset)
        + " (partition blob, sort bigint, value blob, PRIMARY KEY ((partition), sort))"
        + " WITH compaction = " + config.compaction()
        + " AND comment = 'TileKV dataset " + dataset + "'");
  }

  static CompletionStage<Table> prepare(CqlSession session, CassandraSettings config, String dataset) {
    String t = config.keyspace() + "." + tableName(dataset);
    CompletableFuture<PreparedStatement> select = session.prepareAsync(
        "SELECT sort, value FROM " + t + " WHERE partition = ? AND sort IN ?").toCompletableFuture();
    CompletableFuture<PreparedStatement> insert = session.prepareAsync(
        "INSERT INTO " + t + " (partition, sort, value) VALUES (?, ?, ?)").toCompletableFuture();
    CompletableFuture<PreparedStatement> insertTtl = session.prepareAsync(
        "INSERT INTO " + t + " (partition, sort, value) VALUES (?, ?, ?) USING TTL ?").toCompletableFuture();
    CompletableFuture<PreparedStatement> scan = session.prepareAsync("SELECT sort, value FROM " + t
        + " WHERE partition = ? AND sort >= ? AND sort < ? LIMIT ?").toCompletableFuture();
    return CompletableFuture.allOf(select, insert, insertTtl, scan)
        .thenApply(v -> new Table(select.join(), insert.join(), insertTtl.join(), scan.join()));
  }

  /** Checks that the keyspace exists, creating it when the settings allow. Blocks up to the timeout. */
  static void ensureKeyspace(CqlSession session, CassandraSettings config) {
    if (session.getMetadata().getKeyspace(config.keyspace()).isPresent()) {
      return;
    }
    if (!config.createKeyspace()) {
      throw new KVStoreException(Kind.INVALID_CONFIG, config.storeName(), "keyspace '" + config.keyspace()
          + "' does not exist: create it, or allow the store to with option 'createKeyspace=true'");
    }
    CassandraSessions.await(config, "create keyspace", session.executeAsync(SimpleStatement.newInstance(
        "CREATE KEYSPACE IF NOT EXISTS " + config.keyspace() + " WITH replication = " + config.replication())));
  }
}
