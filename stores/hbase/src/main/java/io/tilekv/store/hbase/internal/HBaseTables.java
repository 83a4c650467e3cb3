package io.tilekv.store.hbase.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncAdmin;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.ScanResultConsumer;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.regionserver.BloomType;

/**
 * The dataset tables of one store: names, handles (cached; they are cheap and thread-safe) and
 * idempotent creation of the namespace and the tables.
 */
final class HBaseTables {
  private final HBaseSettings settings;
  private final AsyncConnection connection;
  private final ExecutorService callbacks;
  private final Map<String, AsyncTable<ScanResultConsumer>> tables = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> namespace;

  HBaseTables(HBaseSettings settings, AsyncConnection connection, ExecutorService callbacks) {
    this.settings = settings;
    this.connection = connection;
    this.callbacks = callbacks;
  }

  /**
   * The table of a dataset. Dataset names are {@code [A-Za-z0-9_.-]{3,64}}; HBase table names
   * must not start with {@code .} or {@code -}, so names starting with {@code _ . -} get one more
   * {@code _} in front, which keeps the mapping one to one.
   */
  static TableName tableName(String namespace, String dataset) {
    char first = dataset.charAt(0);
    String qualifier = first == '_' || first == '.' || first == '-' ? "_" + dataset : dataset;
    return TableName.valueOf(namespace, qualifier);
  }

  AsyncTable<ScanResultConsumer> table(String dataset) {
    return tables.computeIfAbsent(dataset, d -> connection.getTableBuilder(tableName(settings.namespace(), d), callbacks)
        // Give up a little before the store's deadline: the error then says why (see HBaseKVStore#whyFailed).
        .setOperationTimeout(settings.timeout().toMillis() * 3 / 4, java.util.concurrent.TimeUnit.MILLISECONDS)
        .setRpcTimeout(settings.rpcTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .build());
  }

  /** Whether the dataset's table is disabled (false if it does not exist). */
  CompletableFuture<Boolean> disabled(String dataset) {
    return connection.getAdmin(callbacks).isTableDisabled(tableName(settings.namespace(), dataset))
        .exceptionally(t -> false);
  }

  /** Creates the namespace (once per store) and the dataset's table if they do not exist. */
  CompletableFuture<Void> create(String dataset) {
    AsyncAdmin admin = connection.getAdmin(callbacks);
    TableName name = tableName(settings.namespace(), dataset);
    return namespace(admin)
        .thenCompose(v -> admin.tableExists(name))
        .thenCompose(exists -> exists ? CompletableFuture.<Void>completedFuture(null) : createTable(admin, name))
        .thenCompose(v -> admin.isTableEnabled(name))
        .thenAccept(enabled -> {
          if (!enabled) {
            throw new java.util.concurrent.CompletionException(new org.apache.hadoop.hbase.TableNotEnabledException(name));
          }
        });
  }

  /**
   * Lists the namespaces first: that answers only once the master has initialised, so a store
   * opened against a starting cluster waits here (within the timeout) instead of failing later.
   */
  private CompletableFuture<Void> namespace(AsyncAdmin admin) {
    CompletableFuture<Void> ns = namespace;
    if (ns != null && !ns.isCompletedExceptionally()) {
      return ns;
    }
    String want = settings.namespace();
    ns = admin.listNamespaceDescriptors().thenCompose(all -> {
      if (all.stream().anyMatch(d -> d.getName().equals(want))) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      return admin.createNamespace(NamespaceDescriptor.create(want).build())
          .exceptionally(t -> ignoreIf(t, "NamespaceExistException"));
    });
    namespace = ns;
    return ns;
  }

  private CompletableFuture<Void> createTable(AsyncAdmin admin, TableName name) {
    ColumnFamilyDescriptorBuilder cf = ColumnFamilyDescriptorBuilder
        .newBuilder(settings.family().getBytes(StandardCharsets.UTF_8))
        .setMaxVersions(1)
        .setBloomFilterType(BloomType.ROW)
        .setCompressionType(compression(settings.compression()));
    TableDescriptor td = TableDescriptorBuilder.newBuilder(name).setColumnFamily(cf.build()).build();
    CompletableFuture<Void> created = settings.presplit() > 1
        ? admin.createTable(td, HBaseRowKeys.splitKeys(settings.presplit()))
        : admin.createTable(td);
    // Another client may create it at the same moment: that is success too.
    return created.exceptionally(t -> ignoreIf(t, "TableExistsException"));
  }

  static Compression.Algorithm compression(String name) {
    return switch (name) {
      case "snappy" -> Compression.Algorithm.SNAPPY;
      case "lz4" -> Compression.Algorithm.LZ4;
      case "gz" -> Compression.Algorithm.GZ;
      case "zstd" -> Compression.Algorithm.ZSTD;
      default -> Compression.Algorithm.NONE;
    };
  }

  private static Void ignoreIf(Throwable t, String simpleName) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals(simpleName)) {
        return null;
      }
    }
    throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
  }
}
