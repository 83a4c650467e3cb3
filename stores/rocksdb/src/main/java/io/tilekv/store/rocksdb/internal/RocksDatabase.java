package io.tilekv.store.rocksdb.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * The native side of a RocksDB store: the database, its column families and every native option
 * object, opened together and closed together in reverse order.
 *
 * <p>Column families: {@code default} (unused but mandatory), {@value #EXPIRY_CF} (the
 * {@link ExpiryIndex}) and one {@code dataset:<name>} per dataset. The colon cannot occur in a
 * dataset name, so no dataset can collide with the store's own families. Not thread-safe for
 * {@link #close()}: the caller guarantees that nothing uses the database while it closes.
 */
public final class RocksDatabase implements AutoCloseable {
  public static final String EXPIRY_CF = "tilekv:expiry";
  public static final String DATASET_CF_PREFIX = "dataset:";
  /** Rewrite every file at least this often, so deleted rows leave the disk even in a cold database. */
  private static final long PERIODIC_COMPACTION_SECONDS = 24 * 3600;
  /** RocksDB info log files kept (LOG plus old ones) and the size at which LOG rolls over. */
  private static final long LOG_FILES = 2;
  private static final long LOG_FILE_BYTES = 64 << 10;

  static {
    RocksDB.loadLibrary();
  }

  /** Native option objects, closed last. */
  private final List<AutoCloseable> options = new ArrayList<>();
  /** Column family handles, closed first. */
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<String, ColumnFamilyHandle> datasets = new ConcurrentHashMap<>();
  private final ColumnFamilyOptions cfOptions;
  private final RocksDB db;
  private final ColumnFamilyHandle expiry;
  private final ReadOptions readOptions;
  private final WriteOptions writeOptions;

  private RocksDatabase(String storeName, Path dir, long blockCacheBytes, boolean syncWrites, boolean create) {
    if (!create) {
      // A reader given a path that holds no store (a typo) must say so, not create an empty one.
      if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
        throw new KVStoreException(Kind.INVALID_CONFIG, storeName, "no RocksDB store in " + dir
            + (Files.isDirectory(dir) ? " (the directory holds no CURRENT file)" : " (no such directory)")
            + "; it was opened with create=false, as readers do, so nothing was created");
      }
    } else {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException | SecurityException e) {
        throw new KVStoreException(Kind.INVALID_CONFIG, storeName, "cannot create directory " + dir + ": " + e, e);
      }
    }
    LRUCache cache = keep(new LRUCache(blockCacheBytes));
    BloomFilter bloom = keep(new BloomFilter(10));
    this.cfOptions = keep(new ColumnFamilyOptions()
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom))
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setPeriodicCompactionSeconds(PERIODIC_COMPACTION_SECONDS));
    // RocksDB's own info LOG files would otherwise grow to megabytes beside a small store (option
    // dumps on every open, statistics, every compaction). Its warnings and errors go to the JVM's
    // logging instead (System.Logger, configured by the application), and RocksDB writes no LOG
    // file; the limits below only matter if a future option brings the file back.
    DBOptions dbOptions = keep(new DBOptions().setCreateIfMissing(create).setCreateMissingColumnFamilies(true)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(LOG_FILES)
        .setMaxLogFileSize(LOG_FILE_BYTES)
        .setStatsDumpPeriodSec(0));
    dbOptions.setLogger(keep(new JvmLogger(storeName)));
    this.readOptions = keep(new ReadOptions());
    this.writeOptions = keep(new WriteOptions().setSync(syncWrites));

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    descriptors.add(new ColumnFamilyDescriptor(bytes(EXPIRY_CF), cfOptions));
    for (String name : existingFamilies(dir)) {
      if (name.startsWith(DATASET_CF_PREFIX)) {
        descriptors.add(new ColumnFamilyDescriptor(bytes(name), cfOptions));
      }
    }
    try {
      this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeNatives(null);
      throw openFailure(storeName, dir, e);
    }
    this.expiry = handles.get(1);
    for (int i = 2; i < handles.size(); i++) {
      String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
      datasets.put(name.substring(DATASET_CF_PREFIX.length()), handles.get(i));
    }
  }

  /**
   * Opens the database in {@code dir}; with {@code create} it is created if missing, without it a
   * directory that holds no database fails with INVALID_CONFIG and nothing is created.
   */
  public static RocksDatabase open(String storeName, Path dir, long blockCacheBytes, boolean syncWrites,
      boolean create) {
    return new RocksDatabase(storeName, dir, blockCacheBytes, syncWrites, create);
  }

  public RocksDB db() {
    return db;
  }

  public ColumnFamilyHandle expiryFamily() {
    return expiry;
  }

  public ReadOptions readOptions() {
    return readOptions;
  }

  public WriteOptions writeOptions() {
    return writeOptions;
  }

  /** The column family of {@code dataset}, or null if the dataset was never created. */
  public ColumnFamilyHandle dataset(String dataset) {
    return datasets.get(dataset);
  }

  /** The names of the datasets, sorted. */
  public List<String> datasetNames() {
    return datasets.keySet().stream().sorted().toList();
  }

  /** The column family of {@code dataset}, created if missing; safe to race. */
  public ColumnFamilyHandle createDataset(String dataset) throws RocksDBException {
    ColumnFamilyHandle h = datasets.get(dataset);
    if (h != null) {
      return h;
    }
    synchronized (datasets) {
      h = datasets.get(dataset);
      if (h == null) {
        h = db.createColumnFamily(new ColumnFamilyDescriptor(bytes(DATASET_CF_PREFIX + dataset), cfOptions));
        handles.add(h);
        datasets.put(dataset, h);
      }
      return h;
    }
  }

  /** Compacts every column family fully, dropping deleted and overwritten rows from disk now. */
  public void compactAll() throws RocksDBException {
    db.compactRange(expiry);
    for (ColumnFamilyHandle h : datasets.values()) {
      db.compactRange(h);
    }
  }

  /** Closes column family handles, then the database, then the options they used. */
  @Override
  public void close() {
    closeNatives(db);
  }

  private void closeNatives(RocksDB opened) {
    synchronized (datasets) {
      List<AutoCloseable> all = new ArrayList<>(handles);
      if (opened != null) {
        all.add(opened);
      }
      List<AutoCloseable> reversed = new ArrayList<>(options);
      java.util.Collections.reverse(reversed);
      all.addAll(reversed);
      for (AutoCloseable c : all) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Closing native objects cannot usefully fail; carry on releasing the rest.
        }
      }
      handles.clear();
      options.clear();
      datasets.clear();
    }
  }

  /** RocksDB's log lines at WARN and above, to {@link System.Logger}; its start-up header is dropped. */
  private static final class JvmLogger extends org.rocksdb.Logger {
    private static final System.Logger LOG = System.getLogger(RocksDatabase.class.getName());
    private final String storeName;

    JvmLogger(String storeName) {
      super(InfoLogLevel.WARN_LEVEL);
      this.storeName = storeName;
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
      switch (level) {
        case WARN_LEVEL -> LOG.log(System.Logger.Level.WARNING, () -> storeName + ": " + message);
        case ERROR_LEVEL, FATAL_LEVEL -> LOG.log(System.Logger.Level.ERROR, () -> storeName + ": " + message);
        default -> { } // HEADER_LEVEL: the options dump of every open, not worth a line
      }
    }
  }

  private <T extends AutoCloseable> T keep(T nativeObject) {
    options.add(nativeObject);
    return nativeObject;
  }

  private static List<String> existingFamilies(Path dir) {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options options = new Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        names.add(new String(name, StandardCharsets.UTF_8));
      }
      return names;
    } catch (RocksDBException e) {
      return List.of(); // open() reports the real problem with the directory
    }
  }

  private static KVStoreException openFailure(String storeName, Path dir, RocksDBException e) {
    Status s = e.getStatus();
    String text = String.valueOf(e.getMessage());
    if (s != null && s.getCode() == Status.Code.IOError && text.toLowerCase(java.util.Locale.ROOT).contains("lock")) {
      return new KVStoreException(Kind.UNAVAILABLE, storeName, "directory " + dir
          + " is already open by another store, in this process or another; RocksDB allows one open "
          + "store per directory, so close that one first (" + text + ")", e);
    }
    return new KVStoreException(Kind.UNAVAILABLE, storeName, "cannot open RocksDB in " + dir + ": " + text, e);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
