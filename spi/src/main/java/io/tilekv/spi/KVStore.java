package io.tilekv.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A key-value store that holds tiles: the one interface an adapter implements.
 *
 * <p><b>Threading.</b> Implementations are thread-safe and asynchronous: every operation returns
 * at once with a future that completes on the store's own threads. No operation's future stays
 * incomplete past the store's configured timeout; it fails with
 * {@link KVStoreException.Kind#TIMEOUT} instead.
 *
 * <p><b>Errors.</b> Futures fail only with {@link KVStoreException}, which carries a kind and this
 * store's {@link #name()}. After {@link #close()} every operation fails with
 * {@link KVStoreException.Kind#CLOSED}.
 *
 * <p><b>Programming errors throw; store errors fail the future.</b> A call with a null argument or
 * a list holding null throws {@link NullPointerException}, and a malformed dataset name throws
 * {@link IllegalArgumentException}, at once and before anything is read or written; such a call
 * never returns a failed future. Every other failure (the store is closed, a value is too large, a
 * capability is missing, the server fails or times out) is reported through the returned future as
 * a {@link KVStoreException}, never thrown. A read that fails is a failed future, never an absent
 * value.
 *
 * <p><b>Datasets.</b> Keys live inside a dataset, and datasets are isolated: the same key in two
 * datasets addresses two values. Dataset names are 3 to 64 characters of {@code [A-Za-z0-9_.-]}.
 *
 * <p><b>Nulls.</b> No argument may be null, no list may contain null, and no result is null.
 */
public interface KVStore extends AutoCloseable {

  /** The name errors carry: the provider's scheme, usually with the instance's location. */
  String name();

  /** What this store supports; constant for the life of the instance. */
  StoreCapabilities capabilities();

  /**
   * Makes {@code dataset} ready for reads and writes (a table, a column family, or nothing at all).
   * Idempotent: creating an existing dataset succeeds and keeps its data.
   */
  CompletableFuture<Void> createDataset(String dataset);

  /**
   * Reads {@code keys} from {@code dataset}.
   *
   * <p>The result has exactly one element per requested key, in request order. A key with no value
   * (never written, or expired) gives {@link Optional#empty()}; an empty value is present and empty.
   * The same key may appear more than once and gets the same value each time. Any number of keys
   * may be passed; the store splits at {@link StoreCapabilities#maxGetBatch()}.
   */
  CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys);

  /**
   * Writes {@code entries} to {@code dataset}, each a whole-value overwrite.
   *
   * <p>Any number of entries may be passed; the store splits at
   * {@link StoreCapabilities#maxPutBatch()}. When one call holds the same key more than once the
   * last occurrence wins. An entry with a TTL requires {@link Capability#TTL}. A value larger than
   * {@link StoreCapabilities#maxValueBytes()} fails the call with
   * {@link KVStoreException.Kind#VALUE_TOO_LARGE} before anything is written. If some entries could
   * not be written after retries, the future fails with an exception whose
   * {@link KVStoreException#failedKeys()} names them; entries are never dropped silently.
   */
  CompletableFuture<Void> multiPut(String dataset, List<Entry> entries);

  /**
   * Returns every entry of {@code partition} in {@code dataset} with
   * {@code fromInclusive <= sort < toExclusive}, ascending by sort key, complete however many pages
   * the store needs. Requires {@link Capability#RANGE_SCAN}; the default implementation refuses.
   * Returned entries carry no TTL.
   */
  default CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive,
      long toExclusive) {
    return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNSUPPORTED,
        name(), "range scan is not supported by this store"));
  }

  /**
   * Releases the store's resources. Idempotent. Operations in flight may complete or fail with
   * {@link KVStoreException.Kind#CLOSED}; later operations fail with CLOSED.
   */
  @Override
  void close();
}
