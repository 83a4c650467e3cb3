package io.tilekv.spi.support;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The base of an adapter: it owns every mechanic of the {@link KVStore} contract, so an adapter
 * implements only what is particular to its store. The base checks arguments and dataset names,
 * tracks the closed state, bounds every call by the timeout, checks key and value sizes and TTL
 * support before anything is written, removes duplicate keys (last write wins, one read per key),
 * splits at the declared batch limits, bounds the batches in flight, retries what the store leaves
 * unprocessed or fails retryably (jittered exponential backoff), reports failed keys, pages range
 * scans, and tells a {@link StoreListener}.
 *
 * <p>The adapter implements:
 * <ul>
 *   <li>{@link #readBatch}: read at most {@link StoreCapabilities#maxGetBatch()} distinct keys, in
 *       one round trip where the store allows it;
 *   <li>{@link #writeBatch}: write at most {@link StoreCapabilities#maxPutBatch()} entries with
 *       distinct keys, completing with the entries the store did not process;
 *   <li>{@link #scanPage} if it declares {@link Capability#RANGE_SCAN};
 *   <li>{@link #createDatasetInStore} and {@link #closeStore()};
 *   <li>optionally {@link #translate}, which turns its client's exceptions into typed ones.
 * </ul>
 *
 * <p><b>Errors.</b> As the {@link KVStore} contract says: programming errors (a null argument or
 * element, a malformed dataset name) throw at once; everything else fails the returned future with
 * a {@link KVStoreException}. A hook may fail its future or throw; either way the error goes
 * through {@link #translate}. A read error is never an absent value: a hook that cannot read a key
 * must fail.
 */
public abstract class AbstractKVStore implements KVStore {
  /** Most entries a {@link #scanPage} call is asked for. */
  public static final int SCAN_PAGE = 1_000;

  private final String name;
  private final StoreCapabilities capabilities;
  private final AdapterSettings settings;
  private final AsyncLimiter inFlight;
  private volatile boolean closed;

  protected AbstractKVStore(String name, StoreCapabilities capabilities, AdapterSettings settings) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities is null");
    this.settings = Objects.requireNonNull(settings, "settings is null");
    this.inFlight = new AsyncLimiter(settings.maxBatchesInFlight());
  }

  /**
   * Reads one batch of distinct keys. A key the store cannot read (a corrupt block, a failed
   * replica) fails the future; it is never reported absent.
   */
  protected abstract CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys);

  /**
   * Writes one batch of entries with distinct keys, each a whole-value overwrite honouring its TTL,
   * and completes with the entries the store left unprocessed (empty when all were written). A
   * failed future means none of the batch is known to be written; the base retries it if the error
   * is retryable.
   */
  protected abstract CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries);

  /**
   * Returns, ascending by sort key, at most {@code limit} live entries of {@code partition} with
   * {@code fromInclusive <= sort < toExclusive}; fewer only if the range holds no more. Called only
   * when {@link Capability#RANGE_SCAN} is declared, and only with {@code fromInclusive < toExclusive}.
   */
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " declares RANGE_SCAN but does not implement scanPage");
  }

  /** Creates the dataset's table (or whatever holds it) if it does not exist; idempotent. */
  protected abstract CompletableFuture<Void> createDatasetInStore(String dataset);

  /** Releases the client; called once, by the first {@link #close()}. */
  protected abstract void closeStore();

  /**
   * Turns an exception of the client into a typed store error. The default keeps a
   * {@link KVStoreException} and makes anything else INTERNAL; adapters map their client's errors
   * (throttling to THROTTLED, connection failures to UNAVAILABLE, and so on) so that the base
   * retries what may succeed and fails fast on what cannot.
   */
  protected KVStoreException translate(String operation, Throwable error) {
    KVStoreException kv = KVStoreException.unwrap(error);
    return kv != null ? kv : new KVStoreException(Kind.INTERNAL, name, operation + " failed: " + error, error);
  }

  /** True once {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed;
  }

  protected final AdapterSettings settings() {
    return settings;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final StoreCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public final CompletableFuture<Void> createDataset(String dataset) {
    StoreGuards.dataset(dataset);
    return call("createDataset", () -> createDatasetInStore(dataset));
  }

  @Override
  public final CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    StoreGuards.dataset(dataset);
    List<Key> requested = List.copyOf(keys); // rejects null keys
    if (requested.isEmpty() && !closed) {
      return CompletableFuture.completedFuture(List.of());
    }
    return call("multiGet", () -> {
      List<Key> distinct = distinct(requested);
      List<CompletableFuture<Map<Key, byte[]>>> parts = new ArrayList<>();
      for (List<Key> batch : Batches.split(distinct, capabilities.maxGetBatch())) {
        parts.add(readWithRetry(dataset, batch, 1));
      }
      return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
        Map<Key, byte[]> values = new HashMap<>(distinct.size() * 2);
        for (CompletableFuture<Map<Key, byte[]>> p : parts) {
          values.putAll(p.join());
        }
        return inRequestOrder(requested, values);
      });
    });
  }

  @Override
  public final CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    StoreGuards.dataset(dataset);
    List<Entry> checked = List.copyOf(entries); // rejects null entries
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    CompletableFuture<Void> rejected = StoreGuards.checkPut(name, capabilities, checked);
    if (rejected != null) {
      return rejected;
    }
    if (checked.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> put = call("multiPut", () -> Batches.putAll(name, checked,
        capabilities.maxPutBatch(), settings.retry(), settings.listener(),
        batch -> sendWriteBatch(dataset, batch)));
    return put.exceptionally(t -> {
      KVStoreException kv = KVStoreException.unwrap(t);
      if (kv != null && kv.failedKeys().isEmpty() && kv.kind() != Kind.CLOSED) {
        // A timeout leaves the outcome of every entry unknown: name them all so none is lost.
        throw new KVStoreException(kv.kind(), name, kv.getMessage(), kv, keys(Batches.lastWins(checked)));
      }
      throw kv != null ? kv : new CompletionException(t);
    });
  }

  @Override
  public final CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive,
      long toExclusive) {
    StoreGuards.dataset(dataset);
    byte[] p = Objects.requireNonNull(partition, "partition is null").clone();
    if (!capabilities.supports(Capability.RANGE_SCAN)) {
      return KVStore.super.scan(dataset, p, fromInclusive, toExclusive);
    }
    return call("scan", () -> {
      List<Entry> out = new ArrayList<>();
      return fromInclusive >= toExclusive ? CompletableFuture.completedFuture(out)
          : scanFrom(dataset, p, fromInclusive, toExclusive, out);
    });
  }

  /**
   * Closes the store: later calls fail with CLOSED, calls in flight may complete or fail with
   * CLOSED. Idempotent.
   */
  @Override
  public final void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeStore();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }

  private CompletableFuture<List<Entry>> scanFrom(String dataset, byte[] partition, long from, long to,
      List<Entry> out) {
    return inFlight.submit(() -> timed("scan", SCAN_PAGE, () -> scanPage(dataset, partition, from, to, SCAN_PAGE)))
        .thenCompose(page -> {
          out.addAll(page);
          if (page.size() < SCAN_PAGE) {
            return CompletableFuture.completedFuture(out);
          }
          long last = page.get(page.size() - 1).key().sort();
          return last == Long.MAX_VALUE || last + 1 >= to ? CompletableFuture.completedFuture(out)
              : scanFrom(dataset, partition, last + 1, to, out);
        });
  }

  private CompletableFuture<Map<Key, byte[]>> readWithRetry(String dataset, List<Key> batch, int attempt) {
    return inFlight.submit(() -> timed("multiGet", batch.size(), () -> readBatch(dataset, batch)))
        .handle((read, t) -> {
          if (t != null) {
            KVStoreException kv = translate("multiGet", t);
            if (!kv.retryable() || attempt >= settings.retry().maxAttempts() || closed) {
              return CompletableFuture.<Map<Key, byte[]>>failedFuture(kv);
            }
            return later(attempt).thenCompose(x -> retried("multiGet", batch.size(), attempt)
                .thenCompose(y -> readWithRetry(dataset, batch, attempt + 1)));
          }
          if (read.unprocessed().isEmpty()) {
            return CompletableFuture.completedFuture(read.found());
          }
          if (attempt >= settings.retry().maxAttempts()) {
            return CompletableFuture.<Map<Key, byte[]>>failedFuture(new KVStoreException(Kind.THROTTLED, name,
                read.unprocessed().size() + " keys were still unprocessed after " + attempt + " attempts"));
          }
          Map<Key, byte[]> found = new HashMap<>(read.found());
          return later(attempt).thenCompose(x -> retried("multiGet", read.unprocessed().size(), attempt))
              .thenCompose(y -> readWithRetry(dataset, read.unprocessed(), attempt + 1))
              .thenApply(rest -> {
                found.putAll(rest);
                return found;
              });
        }).thenCompose(f -> f);
  }

  private CompletableFuture<List<Entry>> sendWriteBatch(String dataset, List<Entry> batch) {
    return inFlight.submit(() -> timed("multiPut", batch.size(), () -> writeBatch(dataset, batch)))
        .handle((unprocessed, t) -> {
          if (t != null) {
            throw translate("multiPut", t);
          }
          return unprocessed;
        });
  }

  private <T> CompletableFuture<T> timed(String operation, int size, Supplier<CompletableFuture<T>> hook) {
    long start = System.nanoTime();
    CompletableFuture<T> f;
    try {
      f = Objects.requireNonNull(hook.get(), "an adapter hook returned null");
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.whenComplete((v, t) -> {
      try {
        settings.listener().batch(operation, size, System.nanoTime() - start, t != null);
      } catch (RuntimeException ignored) {
        // a broken listener must not break the store
      }
    });
  }

  private CompletableFuture<Void> retried(String operation, int count, int attempt) {
    try {
      settings.listener().retry(operation, count, attempt + 1);
    } catch (RuntimeException ignored) {
      // a broken listener must not break the store
    }
    return CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> later(int attempt) {
    Executor delayed = CompletableFuture.delayedExecutor(settings.retry().backoffMillis(attempt), TimeUnit.MILLISECONDS);
    return CompletableFuture.runAsync(() -> {}, delayed);
  }

  /** Runs a call: CLOSED after close, typed errors, never past the timeout. */
  private <T> CompletableFuture<T> call(String operation, Supplier<CompletableFuture<T>> op) {
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    CompletableFuture<T> started;
    try {
      started = op.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> typed = started.handle((v, t) -> {
      if (t != null) {
        throw closed ? StoreGuards.closed(name) : translate(operation, t);
      }
      return v;
    });
    return StoreGuards.within(typed, settings.timeout(), name, operation).whenComplete((v, t) -> {
      if (t != null) {
        KVStoreException kv = KVStoreException.unwrap(t);
        try {
          settings.listener().failed(operation, kv != null ? kv : translate(operation, t));
        } catch (RuntimeException ignored) {
          // a broken listener must not break the store
        }
      }
    });
  }

  private static List<Key> distinct(List<Key> keys) {
    LinkedHashMap<Key, Boolean> seen = new LinkedHashMap<>(keys.size() * 2);
    for (Key k : keys) {
      seen.putIfAbsent(k, Boolean.TRUE);
    }
    return seen.size() == keys.size() ? keys : new ArrayList<>(seen.keySet());
  }

  /** A key asked for twice gets two arrays: a caller that changes one must not change the other. */
  private static List<Optional<byte[]>> inRequestOrder(List<Key> requested, Map<Key, byte[]> values) {
    List<Optional<byte[]>> out = new ArrayList<>(requested.size());
    Map<Key, Boolean> handedOut = new HashMap<>();
    for (Key k : requested) {
      byte[] v = values.get(k);
      if (v == null) {
        out.add(Optional.empty());
      } else {
        out.add(Optional.of(handedOut.put(k, Boolean.TRUE) == null ? v : v.clone()));
      }
    }
    return out;
  }

  private static List<Key> keys(List<Entry> entries) {
    List<Key> keys = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      keys.add(e.key());
    }
    return keys;
  }
}
