package io.tilekv.store.memory;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import io.tilekv.spi.support.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The reference store: every capability, in memory, with TTL measured against an injectable
 * {@link Clock}. Operations complete before they return. Useful for tests, demos and as the model
 * the conformance kit's expectations are checked against.
 */
public final class MemoryKVStore extends AbstractKVStore {
  /** Batches are split like a remote store's so that callers exercise their batching paths. */
  public static final int MAX_BATCH = 1_000;

  private static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_BATCH)
      .maxPutBatch(MAX_BATCH)
      .maxValueBytes(4 << 20)
      .maxKeyBytes(64 << 10)
      .build();
  /** Nothing here is slow or throttled: no retries, and a deadline only against bugs. */
  private static final AdapterSettings SETTINGS = AdapterSettings.of(Duration.ofSeconds(30))
      .withRetry(RetryPolicy.none());

  private final Clock clock;
  private final Map<String, ConcurrentNavigableMap<Key, Stored>> datasets = new ConcurrentHashMap<>();

  private record Stored(byte[] value, long expiresAtMillis) {
    boolean liveAt(long now) {
      return expiresAtMillis == Long.MAX_VALUE || now < expiresAtMillis;
    }
  }

  /** A store whose TTLs follow the system clock. */
  public MemoryKVStore() {
    this(Clock.systemUTC());
  }

  /** A store whose TTLs follow {@code clock}; tests pass a clock they can advance. */
  public MemoryKVStore(Clock clock) {
    super("memory", CAPABILITIES, SETTINGS);
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    ConcurrentNavigableMap<Key, Stored> data = datasets.get(dataset);
    if (data == null) { // reading never creates a dataset
      return CompletableFuture.completedFuture(BatchRead.empty());
    }
    long now = clock.millis();
    List<byte[]> values = new ArrayList<>(keys.size());
    for (Key k : keys) {
      Stored s = data.get(k);
      values.add(s != null && s.liveAt(now) ? s.value.clone() : null);
    }
    return CompletableFuture.completedFuture(BatchRead.inOrder(keys, values));
  }

  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    // Lenient like an embedded store: writing to a dataset creates it.
    ConcurrentNavigableMap<Key, Stored> data = datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    long now = clock.millis();
    for (Entry e : entries) {
      long expires = e.ttl().map(t -> saturatedAdd(now, t.toMillis())).orElse(Long.MAX_VALUE);
      data.put(e.key(), new Stored(e.value(), expires));
    }
    return CompletableFuture.completedFuture(List.of());
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    List<Entry> out = new ArrayList<>();
    ConcurrentNavigableMap<Key, Stored> data = datasets.get(dataset);
    if (data != null) {
      long now = clock.millis();
      for (Map.Entry<Key, Stored> e : data
          .subMap(Key.of(partition, fromInclusive), true, Key.of(partition, toExclusive), false).entrySet()) {
        if (out.size() == limit) {
          break;
        }
        if (e.getValue().liveAt(now)) {
          out.add(Entry.of(e.getKey(), e.getValue().value));
        }
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  protected void closeStore() {
    datasets.clear();
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
