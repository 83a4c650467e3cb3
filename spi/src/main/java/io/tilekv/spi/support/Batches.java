package io.tilekv.spi.support;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Batch splitting and retries for adapters, written once: an adapter supplies how to send one
 * batch, and this class splits, runs the batches concurrently, retries, and reports what failed.
 */
public final class Batches {
  private Batches() {}

  /** Splits {@code items} into consecutive sublists of at most {@code max} elements. */
  public static <T> List<List<T>> split(List<T> items, int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    List<List<T>> out = new ArrayList<>((items.size() + max - 1) / max);
    for (int i = 0; i < items.size(); i += max) {
      out.add(items.subList(i, Math.min(items.size(), i + max)));
    }
    return out;
  }

  /**
   * Keeps only the last entry of each key, in the order of those last occurrences. Batches run
   * concurrently, so two writes of one key in one call must be collapsed before splitting for the
   * last one to win.
   */
  public static List<Entry> lastWins(List<Entry> entries) {
    Map<Key, Entry> last = new LinkedHashMap<>(entries.size() * 2);
    boolean duplicates = false;
    for (Entry e : entries) {
      duplicates |= last.remove(e.key()) != null;
      last.put(e.key(), e);
    }
    return duplicates ? new ArrayList<>(last.values()) : entries;
  }

  /**
   * Reads {@code keys} in batches of at most {@code max}, all batches concurrently, and
   * concatenates their results in request order. {@code readBatch} must return one result per key
   * of its batch, in order.
   */
  public static <K, R> CompletableFuture<List<R>> getAll(List<K> keys, int max,
      Function<List<K>, CompletableFuture<List<R>>> readBatch) {
    if (keys.size() <= max) {
      return readBatch.apply(keys);
    }
    List<CompletableFuture<List<R>>> parts = new ArrayList<>();
    for (List<K> batch : split(keys, max)) {
      parts.add(readBatch.apply(batch));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<R> out = new ArrayList<>(keys.size());
      for (CompletableFuture<List<R>> p : parts) {
        out.addAll(p.join());
      }
      return out;
    });
  }

  /**
   * Writes {@code entries}: collapses duplicate keys (last wins), splits into batches of at most
   * {@code max}, and sends them concurrently with {@code writeBatch}, which returns the entries the
   * store left unprocessed (throttled, partially applied). Unprocessed entries and batches that
   * fail with a retryable {@link KVStoreException} are retried under {@code policy}; what still
   * fails ends the call with an exception naming every failed key.
   */
  public static CompletableFuture<Void> putAll(String storeName, List<Entry> entries, int max,
      RetryPolicy policy, Function<List<Entry>, CompletableFuture<List<Entry>>> writeBatch) {
    return putAll(storeName, entries, max, policy, StoreListener.NONE, writeBatch);
  }

  static CompletableFuture<Void> putAll(String storeName, List<Entry> entries, int max,
      RetryPolicy policy, StoreListener listener, Function<List<Entry>, CompletableFuture<List<Entry>>> writeBatch) {
    List<Entry> unique = lastWins(entries);
    List<CompletableFuture<List<Key>>> parts = new ArrayList<>();
    for (List<Entry> batch : split(unique, max)) {
      parts.add(putWithRetry(storeName, batch, 1, policy, listener, writeBatch));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, t) -> {
      List<Key> failed = new ArrayList<>();
      KVStoreException first = null;
      for (CompletableFuture<List<Key>> p : parts) {
        try {
          failed.addAll(p.join());
        } catch (CompletionException e) {
          KVStoreException kv = KVStoreException.unwrap(e);
          if (kv == null) {
            throw e;
          }
          first = first == null ? kv : first;
          failed.addAll(kv.failedKeys());
        }
      }
      if (first != null) {
        throw new KVStoreException(first.kind(), storeName,
            failed.size() + " of " + unique.size() + " entries were not written", first, failed);
      }
      if (!failed.isEmpty()) {
        throw new KVStoreException(KVStoreException.Kind.THROTTLED, storeName,
            failed.size() + " of " + unique.size() + " entries were still unprocessed after "
                + policy.maxAttempts() + " attempts", null, failed);
      }
      return null;
    });
  }

  /** Completes with the keys still unprocessed after the last attempt; fails with their keys. */
  private static CompletableFuture<List<Key>> putWithRetry(String storeName, List<Entry> batch,
      int attempt, RetryPolicy policy, StoreListener listener,
      Function<List<Entry>, CompletableFuture<List<Entry>>> writeBatch) {
    CompletableFuture<List<Entry>> sent;
    try {
      sent = writeBatch.apply(batch);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((unprocessed, t) -> {
      List<Entry> again;
      if (t != null) {
        KVStoreException kv = KVStoreException.unwrap(t);
        if (kv == null) {
          kv = new KVStoreException(KVStoreException.Kind.INTERNAL, storeName, String.valueOf(t), t);
        }
        if (!kv.retryable() || attempt >= policy.maxAttempts()) {
          return CompletableFuture.<List<Key>>failedFuture(new KVStoreException(kv.kind(), storeName,
              kv.getMessage(), kv, keys(batch)));
        }
        again = batch;
      } else if (unprocessed.isEmpty()) {
        return CompletableFuture.completedFuture(List.<Key>of());
      } else if (attempt >= policy.maxAttempts()) {
        return CompletableFuture.completedFuture(keys(unprocessed));
      } else {
        again = unprocessed;
      }
      try {
        listener.retry("multiPut", again.size(), attempt + 1);
      } catch (RuntimeException ignored) {
        // a broken listener must not break the store
      }
      Executor later = CompletableFuture.delayedExecutor(policy.backoffMillis(attempt), TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(() -> null, later)
          .thenCompose(x -> putWithRetry(storeName, again, attempt + 1, policy, listener, writeBatch));
    }).thenCompose(f -> f);
  }

  private static List<Key> keys(List<Entry> entries) {
    List<Key> keys = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      keys.add(e.key());
    }
    return keys;
  }
}
