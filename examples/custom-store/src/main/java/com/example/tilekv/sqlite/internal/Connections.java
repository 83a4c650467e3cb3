package com.example.tilekv.sqlite.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.support.StoreGuards;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store's threads and connections. SQLite allows one writer at a time per file, and JDBC calls
 * block, so writes go through one thread with one connection (in a transaction per batch) and reads
 * through a few threads with a connection each. In WAL mode readers never wait for the writer.
 * Callers get futures; no caller thread ever blocks on SQLite.
 */
public final class Connections implements AutoCloseable {
  private final String storeName;
  private final ExecutorService readThreads;
  private final ExecutorService writeThread;
  private final BlockingQueue<Session> idleReaders;
  private final Session writer;
  private final List<Session> all = new ArrayList<>();
  private volatile boolean closed;

  /**
   * Opens {@code readers} read connections and one write connection to {@code url}
   * ({@code jdbc:sqlite:/path}).
   *
   * @throws SQLException if the file cannot be opened
   */
  public Connections(String storeName, String url, int readers, int busyTimeoutMillis) throws SQLException {
    this.storeName = storeName;
    this.idleReaders = new ArrayBlockingQueue<>(readers);
    try {
      this.writer = open(url, busyTimeoutMillis);
      for (int i = 0; i < readers; i++) {
        idleReaders.add(open(url, busyTimeoutMillis));
      }
    } catch (SQLException e) {
      closeConnections();
      throw e;
    }
    this.readThreads = Executors.newFixedThreadPool(readers, daemon(storeName + "-read"));
    this.writeThread = Executors.newSingleThreadExecutor(daemon(storeName + "-write"));
  }

  /** Runs {@code work} on a read connection; each statement sees the latest commit. */
  public <T> CompletableFuture<T> read(String operation, SqlWork<T> work) {
    return submit(readThreads, operation, () -> {
      // As many threads as connections: a connection is always idle when a read thread runs.
      Session session = idleReaders.poll();
      try {
        return work.run(session);
      } finally {
        idleReaders.add(session);
      }
    });
  }

  /** Runs {@code work} in one transaction on the write connection: all of it or nothing. */
  public <T> CompletableFuture<T> write(String operation, SqlWork<T> work) {
    return submit(writeThread, operation, () -> {
      // Transactions are begun by hand rather than with setAutoCommit(false), because the driver
      // then opens the next transaction right after each commit and would hold the file's write
      // lock between batches. IMMEDIATE takes the write lock up front, so two clients of one file
      // queue on the busy timeout instead of failing when a read lock cannot be upgraded.
      try (Statement s = writer.connection().createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          T result = work.run(writer);
          s.execute("COMMIT");
          return result;
        } catch (SQLException | RuntimeException e) {
          s.execute("ROLLBACK");
          throw e;
        }
      }
    });
  }

  /**
   * Lets queued work finish (it fails fast with CLOSED), waits up to {@code waitMillis} for it,
   * then closes every connection.
   */
  public void close(long waitMillis) {
    closed = true;
    readThreads.shutdown();
    writeThread.shutdown();
    try {
      readThreads.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
      writeThread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnections();
  }

  @Override
  public void close() {
    close(5_000);
  }

  private interface Task<T> {
    T call() throws SQLException;
  }

  private <T> CompletableFuture<T> submit(ExecutorService threads, String operation, Task<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      threads.execute(() -> {
        if (closed) {
          result.completeExceptionally(StoreGuards.closed(storeName));
          return;
        }
        try {
          result.complete(task.call());
        } catch (SQLException e) {
          result.completeExceptionally(SqlErrors.of(storeName, operation, e));
        } catch (KVStoreException e) {
          result.completeExceptionally(e);
        } catch (RuntimeException e) {
          result.completeExceptionally(new KVStoreException(KVStoreException.Kind.INTERNAL, storeName,
              operation + " failed: " + e, e));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(StoreGuards.closed(storeName));
    }
    return result;
  }

  private Session open(String url, int busyTimeoutMillis) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL in WAL mode: a commit survives a crash of the process, not necessarily of the machine.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(busyTimeoutMillis);
    // The data source, not DriverManager: DriverManager does not see drivers that were loaded by a
    // plug-in class loader, which is how bin/tilekv loads this store's jar.
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl(url);
    Session session = new Session(source.getConnection());
    synchronized (all) {
      all.add(session);
    }
    return session;
  }

  private void closeConnections() {
    synchronized (all) {
      for (Session session : all) {
        try {
          session.close();
        } catch (SQLException ignored) {
          // Closing is best effort; the file stays consistent whatever happens here.
        }
      }
      all.clear();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
