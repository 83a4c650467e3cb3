package io.tilekv.writer.sink;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.writer.sink.internal.KVStoreSinkWriter;
import io.tilekv.writer.sink.internal.TileBuffer;
import io.tilekv.writer.sink.internal.TileStateSerializer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that writes {@link Tile}s to a {@link KVStore} with batched, bounded, retried
 * {@link KVStore#multiPut} calls.
 *
 * <ul>
 *   <li><b>Batching</b>: up to {@code maxBatchSize} tiles per request, never more than the store's
 *       {@link StoreCapabilities#maxPutBatch()}; a partial batch is sent after
 *       {@code maxTimeInBuffer}. Only the newest version of a buffered tile is sent.
 *   <li><b>Ordering</b>: a tile is never in two requests at once, so the store sees its versions in
 *       order even with several requests in flight.
 *   <li><b>Retries</b>: retryable {@link KVStoreException}s (unavailable, timeout, throttled)
 *       re-queue the failed tiles after an exponential backoff ({@link RetrySettings}); a
 *       non-retryable error, or too many consecutive failures, fails the job. A tile is never
 *       dropped, except in favour of a newer version of the same tile.
 *   <li><b>Checkpoints</b>: every buffered and in-flight tile is written before a checkpoint
 *       completes (and the buffer is part of the checkpoint), so a restart loses nothing;
 *       replayed tiles are whole-value overwrites and converge.
 *   <li><b>TTL</b>: a tile's {@link Tile#ttlMillis()} is applied when the store declares TTL.
 * </ul>
 * The store is opened in each writer from a serializable {@link StoreFactory}, and
 * {@code createDataset} is called once when the writer opens.
 */
public final class KVStoreSink extends AsyncSinkBase<Tile, Tile> {
  private static final long serialVersionUID = 1L;
  /** How long opening the store and creating the dataset may take before the task fails. */
  private static final long OPEN_TIMEOUT_SECONDS = 60;

  private final StoreFactory storeFactory;
  private final String dataset;
  private final RetrySettings retry;
  private final io.tilekv.writer.sink.internal.TileMerger merger;

  private KVStoreSink(Builder b) {
    super((tile, context) -> tile, b.maxBatchSize, b.maxInFlightRequests, b.maxBufferedRequests,
        Long.MAX_VALUE, b.maxTimeInBuffer.toMillis(), Long.MAX_VALUE,
        // The store bounds each call with its own timeout (a retryable error); this is a backstop.
        Duration.ofMinutes(10).toMillis(), true);
    this.storeFactory = b.storeFactory;
    this.dataset = b.dataset;
    this.retry = b.retry;
    this.merger = b.merger;
  }

  /** A builder for a sink writing into {@code dataset} of the store {@code storeFactory} opens. */
  public static Builder builder(StoreFactory storeFactory, String dataset) {
    return new Builder(storeFactory, dataset);
  }

  @Override
  public StatefulSinkWriter<Tile, BufferedRequestState<Tile>> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<Tile, BufferedRequestState<Tile>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<Tile>> restored) {
    KVStore store = storeFactory.open();
    try {
      store.createDataset(dataset).get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      storeFactory.release(store);
      KVStoreException kv = KVStoreException.unwrap(e);
      throw kv != null ? kv : new IllegalStateException("cannot create dataset " + dataset, e);
    }
    return new KVStoreSinkWriter(context, writerConfig(store.capabilities()), restored,
        storeFactory, store, dataset, retry, new TileBuffer(), merger);
  }

  /** The configured limits, narrowed to what the store accepts. */
  AsyncSinkWriterConfiguration writerConfig(StoreCapabilities caps) {
    int batch = Math.min(getMaxBatchSize(), caps.maxPutBatch());
    long maxRecord = (long) caps.maxValueBytes() + caps.maxKeyBytes() + 16;
    return AsyncSinkWriterConfiguration.builder()
        .setMaxBatchSize(batch)
        .setMaxBatchSizeInBytes(Math.max(maxRecord, (long) batch * maxRecord))
        .setMaxInFlightRequests(getMaxInFlightRequests())
        .setMaxBufferedRequests(Math.max(getMaxBufferedRequests(), batch + 1))
        .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
        .setMaxRecordSizeInBytes(maxRecord)
        .setRequestTimeoutMS(getRequestTimeoutMS())
        .setFailOnTimeout(getFailOnTimeout())
        .build();
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<Tile>> getWriterStateSerializer() {
    return new TileStateSerializer();
  }

  @Override
  public String toString() {
    return "KVStoreSink[" + storeFactory + ", dataset " + dataset + "]";
  }

  /**
   * Builds a {@link KVStoreSink}. Defaults: 500 tiles per request (capped by the store), 4
   * requests in flight, 10,000 buffered tiles, 200 ms in the buffer, {@link RetrySettings#DEFAULT}.
   */
  public static final class Builder {
    private final StoreFactory storeFactory;
    private final String dataset;
    private int maxBatchSize = 500;
    private int maxInFlightRequests = 4;
    private int maxBufferedRequests = 10_000;
    private Duration maxTimeInBuffer = Duration.ofMillis(200);
    private RetrySettings retry = RetrySettings.DEFAULT;
    private io.tilekv.writer.sink.internal.TileMerger merger;

    private Builder(StoreFactory storeFactory, String dataset) {
      this.storeFactory = requireNonNull(storeFactory, "storeFactory is null");
      this.dataset = requireNonNull(dataset, "dataset is null");
    }

    /** Most tiles per request; the store's {@code maxPutBatch} caps it further. */
    public Builder maxBatchSize(int n) {
      this.maxBatchSize = positive(n, "maxBatchSize");
      return this;
    }

    /** Most requests in flight per writer. */
    public Builder maxInFlightRequests(int n) {
      this.maxInFlightRequests = positive(n, "maxInFlightRequests");
      return this;
    }

    /** Most tiles buffered per writer before writes block (backpressure). */
    public Builder maxBufferedRequests(int n) {
      this.maxBufferedRequests = positive(n, "maxBufferedRequests");
      return this;
    }

    /** Longest time a tile waits in the buffer for a batch to fill. */
    public Builder maxTimeInBuffer(Duration d) {
      requireNonNull(d, "maxTimeInBuffer is null");
      if (d.toMillis() <= 0) {
        throw new IllegalArgumentException("maxTimeInBuffer must be at least 1 ms: " + d);
      }
      this.maxTimeInBuffer = d;
      return this;
    }

    public Builder retry(RetrySettings retry) {
      this.retry = requireNonNull(retry, "retry is null");
      return this;
    }

    /**
     * Merge mode: each tile is merged into the stored one (read, merge IRs, write) and records
     * {@code runId}; a stored tile that already records it is left alone. For bounded runs only,
     * where each tile is emitted once. Default: tiles replace stored ones.
     */
    public Builder mergeInto(io.tilekv.tiling.GroupBy groupBy, long runId) {
      this.merger = new io.tilekv.writer.sink.internal.TileMerger(groupBy, runId);
      return this;
    }

    public KVStoreSink build() {
      return new KVStoreSink(this);
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + n);
      }
      return n;
    }
  }
}
