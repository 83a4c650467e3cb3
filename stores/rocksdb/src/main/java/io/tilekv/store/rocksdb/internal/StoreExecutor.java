package io.tilekv.store.rocksdb.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.support.StoreGuards;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Runs a store's blocking RocksDB calls on its own bounded pool and owns the store's life cycle.
 *
 * <p>Every task holds the read side of a life-cycle lock while it touches native objects, and
 * {@link #close()} takes the write side before releasing them: a running call always finishes
 * before its database is closed, and no call starts on a closed one. Futures are completed after
 * the lock is released, so a callback that closes the store cannot deadlock.
 */
public final class StoreExecutor implements AutoCloseable {
  /** A unit of blocking work. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  private final String storeName;
  private final int maxQueued;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService sweeper;
  private final RocksDatabase database;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  public StoreExecutor(String storeName, int threads, int maxQueued, RocksDatabase database) {
    this.storeName = storeName;
    this.maxQueued = maxQueued;
    this.database = database;
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(maxQueued), daemonThreads("tilekv-rocksdb-"));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("tilekv-rocksdb-sweep-"));
  }

  public boolean isClosed() {
    return closed;
  }

  /** Runs {@code work} on the pool; the future fails with a typed store error. */
  public <T> CompletableFuture<T> submit(Work<T> work) {
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(storeName));
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        if (future.isDone()) {
          return; // timed out or cancelled while queued
        }
        T result = null;
        Throwable failure = null;
        lifecycle.readLock().lock();
        try {
          if (closed) {
            failure = StoreGuards.closed(storeName);
          } else {
            result = work.run();
          }
        } catch (Throwable t) {
          failure = translate(t);
        } finally {
          lifecycle.readLock().unlock();
        }
        if (failure == null) {
          future.complete(result);
        } else {
          future.completeExceptionally(failure);
        }
      });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closed ? StoreGuards.closed(storeName)
          : new KVStoreException(Kind.THROTTLED, storeName, "more than " + maxQueued
              + " operations are waiting for a RocksDB thread", e));
    }
    return future;
  }

  /** Runs {@code sweep} every {@code interval} on a thread of its own, until close. */
  public void scheduleSweep(Duration interval, Runnable sweep) {
    long millis = Math.max(1, interval.toMillis());
    sweeper.scheduleWithFixedDelay(() -> {
      lifecycle.readLock().lock();
      try {
        if (!closed) {
          sweep.run();
        }
      } finally {
        lifecycle.readLock().unlock();
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Waits for running calls, fails queued ones with CLOSED, then closes the database. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sweeper.shutdown();
    lifecycle.writeLock().lock();
    try {
      database.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
    pool.shutdown(); // queued tasks still run, see closed and fail with CLOSED
  }

  private KVStoreException translate(Throwable t) {
    if (t instanceof KVStoreException kv) {
      return kv;
    }
    if (t instanceof RocksDBException e) {
      Status s = e.getStatus();
      Kind kind = s == null ? Kind.INTERNAL : switch (s.getCode()) {
        case TimedOut -> Kind.TIMEOUT;
        case Busy, TryAgain -> Kind.THROTTLED;
        case IOError -> Kind.UNAVAILABLE;
        default -> Kind.INTERNAL;
      };
      return new KVStoreException(kind, storeName, "RocksDB: " + e.getMessage(), e);
    }
    return new KVStoreException(Kind.INTERNAL, storeName, String.valueOf(t), t);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
