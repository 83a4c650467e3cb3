package io.tilekv.writer.sink.internal;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import io.tilekv.spi.Key;
import io.tilekv.writer.sink.RetrySettings;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.internal.WriterMetrics;
import io.tilekv.writer.sink.Tile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes tiles with {@link KVStore#multiPut}. The base class buffers, batches, bounds in-flight
 * requests and drains everything before a checkpoint; this class sends one batch, retries failed
 * tiles with jittered exponential backoff, and fails the job on a non-retryable error or when
 * retries run out (the restart strategy and the last checkpoint take over from there).
 *
 * <p>One retry layer per level: the store retries the entries it reports unprocessed or throttled
 * inside a call; this writer retries a whole failed call (its failed keys) only when the error's
 * kind is retryable (UNAVAILABLE, TIMEOUT, THROTTLED), never INVALID_CONFIG, AUTHENTICATION or
 * another permanent kind. The wait is a timer of Flink's processing-time service, whose callback
 * runs on the task's mailbox thread: no thread of its own, and the timer dies with the task.
 */
public final class KVStoreSinkWriter extends AsyncSinkWriter<Tile, Tile> {
  private static final Logger LOG = LoggerFactory.getLogger(KVStoreSinkWriter.class);

  private final StoreFactory storeFactory;
  private final TileMerger merger;
  private final KVStore store;
  private final String dataset;
  private final boolean ttl;
  private final RetrySettings retry;
  private final TileBuffer buffer;
  private final MailboxExecutor mailbox;
  private final ProcessingTimeService time;
  private final long drainDelayMs;
  private final Counter tilesWritten;
  private final Counter requests;
  private final Counter retried;
  private final Counter failures;
  private final org.apache.flink.metrics.Histogram latency;
  private int consecutiveFailures;
  private boolean drainScheduled;

  public KVStoreSinkWriter(WriterInitContext context, AsyncSinkWriterConfiguration config,
      Collection<BufferedRequestState<Tile>> restored, StoreFactory storeFactory, KVStore store,
      String dataset, RetrySettings retry, TileBuffer buffer, TileMerger merger) {
    super((tile, ctx) -> tile, context, config, restored,
        new SimpleBatchCreator<>(config.getMaxBatchSizeInBytes()), buffer);
    this.storeFactory = storeFactory;
    this.merger = merger;
    this.store = store;
    this.dataset = dataset;
    this.ttl = store.capabilities().supports(Capability.TTL);
    this.retry = retry;
    this.buffer = buffer;
    this.mailbox = context.getMailboxExecutor();
    this.time = context.getProcessingTimeService();
    this.drainDelayMs = config.getMaxTimeInBufferMS();
    this.tilesWritten = context.metricGroup().counter("tilesWritten");
    this.requests = context.metricGroup().counter("storeRequests");
    this.retried = context.metricGroup().counter("tilesRetried");
    this.failures = context.metricGroup().counter(WriterMetrics.STORE_WRITE_FAILURES);
    this.latency = WriterMetrics.histogram(context.metricGroup(), WriterMetrics.STORE_WRITE_LATENCY);
    context.metricGroup().gauge("tilesSuperseded", buffer::superseded);
  }

  @Override
  protected void submitRequestEntries(List<Tile> batch, ResultHandler<Tile> result) {
    buffer.markInFlight(batch);
    requests.inc();
    List<Entry> entries = new ArrayList<>(batch.size());
    for (Tile t : batch) {
      entries.add(t.toEntry(ttl));
    }
    CompletableFuture<Void> put;
    long sent = System.nanoTime();
    try {
      put = merger == null ? store.multiPut(dataset, entries) : mergeAndPut(batch);
    } catch (RuntimeException e) {
      put = CompletableFuture.failedFuture(e);
    }
    put.whenComplete((ok, error) -> {
      long millis = (System.nanoTime() - sent) / 1_000_000;
      boolean failed = error != null;
      // Metrics are updated on the task thread, like the rest of the writer's state.
      onMailbox(() -> {
        latency.update(millis);
        if (failed) {
          failures.inc();
        }
      });
      if (error == null) {
        onMailbox(() -> {
          consecutiveFailures = 0;
          tilesWritten.inc(batch.size());
          finish(batch);
          result.complete();
        });
        return;
      }
      KVStoreException kv = KVStoreException.unwrap(error);
      if (kv == null || !kv.retryable()) {
        onMailbox(() -> {
          finish(batch);
          result.completeExceptionally(fatal(batch, error));
        });
        return;
      }
      onMailbox(() -> retryLater(batch, kv, result));
    });
  }

  /**
   * Merge mode: reads the stored tiles, merges the run's into them and writes the results. A
   * retried batch reads again, and tiles that already list this run are skipped, so a write that
   * succeeded without its answer arriving is not merged twice.
   */
  private CompletableFuture<Void> mergeAndPut(List<Tile> batch) {
    List<Key> keys = new ArrayList<>(batch.size());
    for (Tile t : batch) {
      keys.add(t.key());
    }
    return store.multiGet(dataset, keys).thenCompose(stored -> {
      List<Entry> entries = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Tile t = batch.get(i);
        byte[] merged;
        try {
          merged = merger.merge(stored.get(i).orElse(null), t.value(), "tile " + t.key());
        } catch (IllegalStateException e) {
          return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.INTERNAL,
              store.name(), e.getMessage(), e));
        }
        if (merged != null) {
          entries.add(new Tile(t.entityKey(), t.size(), t.start(), merged, t.ttlMillis()).toEntry(ttl));
        }
      }
      return entries.isEmpty() ? CompletableFuture.completedFuture(null) : store.multiPut(dataset, entries);
    });
  }

  /** Runs on the mailbox: counts the failure and re-queues the failed tiles after a backoff. */
  private void retryLater(List<Tile> batch, KVStoreException error, ResultHandler<Tile> result) {
    consecutiveFailures++;
    if (consecutiveFailures > retry.maxAttempts()) {
      finish(batch);
      result.completeExceptionally(new KVStoreException(error.kind(), error.storeName(),
          "giving up on " + batch.size() + " tiles after " + retry.maxAttempts()
              + " consecutive failed writes", error, error.failedKeys()));
      return;
    }
    List<Tile> failed = failedTiles(batch, error.failedKeys());
    long delay = retry.jitteredBackoffMillis(consecutiveFailures, ThreadLocalRandom.current().nextDouble());
    LOG.warn("store write failed ({}), retrying {} of {} tiles in {} ms (attempt {} of {})",
        error.getMessage(), failed.size(), batch.size(), delay, consecutiveFailures,
        retry.maxAttempts());
    retried.inc(failed.size());
    tilesWritten.inc(batch.size() - failed.size());
    // The request stays in flight during the backoff: that is what slows the writer down.
    time.registerTimer(time.getCurrentProcessingTime() + delay, ts -> {
      finish(batch);
      result.retryForEntries(failed);
    });
  }

  private static List<Tile> failedTiles(List<Tile> batch, List<Key> failedKeys) {
    if (failedKeys.isEmpty()) {
      return batch;
    }
    Set<Key> failed = new HashSet<>(failedKeys);
    List<Tile> out = new ArrayList<>();
    for (Tile t : batch) {
      if (failed.contains(t.key())) {
        out.add(t);
      }
    }
    return out.isEmpty() ? batch : out;
  }

  private Exception fatal(List<Tile> batch, Throwable error) {
    KVStoreException kv = KVStoreException.unwrap(error);
    String what = "writing " + batch.size() + " tiles to dataset '" + dataset + "' failed";
    if (kv == null) {
      return new KVStoreException(KVStoreException.Kind.INTERNAL, store.name(), what, error);
    }
    KVStoreException typed = new KVStoreException(kv.kind(), kv.storeName(), what, kv, kv.failedKeys());
    // The store said retrying cannot help (bad configuration, credentials, a value too large):
    // restarting the job would only fail the same way, so Flink is told not to.
    return new SuppressRestartsException(typed);
  }

  /** Releases the batch's keys; parked newer versions go back to the queue and get flushed soon. */
  private void finish(List<Tile> batch) {
    if (buffer.release(batch) && !drainScheduled) {
      drainScheduled = true;
      time.registerTimer(time.getCurrentProcessingTime() + drainDelayMs, ts -> {
        drainScheduled = false;
        flush(true);
      });
    }
  }

  private void onMailbox(ThrowingRunnable<Exception> action) {
    try {
      mailbox.execute(action, "tilekv sink: handle a store response");
    } catch (RejectedExecutionException e) {
      // The task is shutting down; what was not acknowledged is replayed from the last checkpoint.
      LOG.debug("store response after the sink closed", e);
    }
  }

  @Override
  protected long getSizeInBytes(Tile tile) {
    return tile.sizeInBytes();
  }

  @Override
  public void close() {
    storeFactory.release(store);
    super.close();
  }
}
