package io.tilekv.store.memory;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.Batches;
import io.tilekv.spi.support.RetryPolicy;
import io.tilekv.spi.support.StoreGuards;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The reference store: every capability, in memory, with TTL measured against an injectable
 * {@link Clock}. Operations complete before they return. Useful for tests, demos and as the model
 * the conformance kit's expectations are checked against.
 */
public final class MemoryKVStore implements KVStore {
  /** Batches are split like a remote store's so that callers exercise their batching paths. */
  public static final int MAX_BATCH = 1_000;

  private static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_BATCH)
      .maxPutBatch(MAX_BATCH)
      .maxValueBytes(4 << 20)
      .maxKeyBytes(64 << 10)
      .build();

  private final String name;
  private final Clock clock;
  private final Map<String, ConcurrentNavigableMap<Key, Stored>> datasets = new ConcurrentHashMap<>();
  private volatile boolean closed;

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
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.name = "memory";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    StoreGuards.dataset(dataset);
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    StoreGuards.dataset(dataset);
    List.copyOf(keys); // rejects null keys
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    return Batches.getAll(keys, MAX_BATCH, batch -> {
      ConcurrentNavigableMap<Key, Stored> data = data(dataset);
      long now = clock.millis();
      List<Optional<byte[]>> out = new ArrayList<>(batch.size());
      for (Key k : batch) {
        Stored s = data.get(k);
        out.add(s != null && s.liveAt(now) ? Optional.of(s.value.clone()) : Optional.empty());
      }
      return CompletableFuture.completedFuture(out);
    });
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    StoreGuards.dataset(dataset);
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    CompletableFuture<Void> rejected = StoreGuards.checkPut(name, CAPABILITIES, entries);
    if (rejected != null) {
      return rejected;
    }
    return Batches.putAll(name, entries, MAX_BATCH, RetryPolicy.none(), batch -> {
      ConcurrentNavigableMap<Key, Stored> data = data(dataset);
      long now = clock.millis();
      for (Entry e : batch) {
        long expires = e.ttl().map(t -> saturatedAdd(now, t.toMillis())).orElse(Long.MAX_VALUE);
        data.put(e.key(), new Stored(e.value(), expires));
      }
      return CompletableFuture.completedFuture(List.of());
    });
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive,
      long toExclusive) {
    StoreGuards.dataset(dataset);
    Objects.requireNonNull(partition, "partition is null");
    if (closed) {
      return CompletableFuture.failedFuture(StoreGuards.closed(name));
    }
    List<Entry> out = new ArrayList<>();
    if (fromInclusive < toExclusive) {
      long now = clock.millis();
      for (Map.Entry<Key, Stored> e : data(dataset)
          .subMap(Key.of(partition, fromInclusive), true, Key.of(partition, toExclusive), false)
          .entrySet()) {
        if (e.getValue().liveAt(now)) {
          out.add(Entry.of(e.getKey(), e.getValue().value));
        }
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public void close() {
    closed = true;
    datasets.clear();
  }

  private ConcurrentNavigableMap<Key, Stored> data(String dataset) {
    // Lenient: an uncreated dataset is created on first use, like an embedded store would.
    return datasets.computeIfAbsent(dataset, d -> new ConcurrentSkipListMap<>());
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
