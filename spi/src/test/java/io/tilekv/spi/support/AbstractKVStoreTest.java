package io.tilekv.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AbstractKVStoreTest {
  private static final RetryPolicy QUICK = new RetryPolicy(5, Duration.ZERO, Duration.ofMillis(1));

  /** A store over a sorted map whose hooks record what they were sent and can misbehave. */
  static class Fake extends AbstractKVStore {
    final ConcurrentSkipListMap<Key, byte[]> data = new ConcurrentSkipListMap<>();
    final List<List<Key>> readBatches = Collections.synchronizedList(new ArrayList<>());
    final List<List<Entry>> writeBatches = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final List<CompletableFuture<?>> parked = Collections.synchronizedList(new ArrayList<>());
    volatile int leaveUnprocessed; // per batch, on the first attempts
    volatile int failuresLeft;
    volatile Kind failWith = Kind.THROTTLED;
    volatile boolean park;
    boolean closedStore;

    Fake(int batch, AdapterSettings settings) {
      super("fake", StoreCapabilities.builder().supports(Capability.RANGE_SCAN, Capability.TTL)
          .maxGetBatch(batch).maxPutBatch(batch).maxValueBytes(100).maxKeyBytes(100).build(), settings);
    }

    private <T> CompletableFuture<T> track(java.util.function.Supplier<T> work) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      CompletableFuture<T> f = new CompletableFuture<>();
      Runnable finish = () -> {
        inFlight.decrementAndGet();
        if (failuresLeft > 0) {
          failuresLeft--;
          f.completeExceptionally(new KVStoreException(failWith, "fake", "injected"));
        } else {
          try {
            f.complete(work.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        }
      };
      if (park) {
        parked.add(f);
        CompletableFuture.runAsync(finish, CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS));
      } else {
        finish.run();
      }
      return f;
    }

    @Override
    protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
      readBatches.add(List.copyOf(keys));
      return track(() -> {
        Map<Key, byte[]> found = new HashMap<>();
        List<Key> skipped = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          if (i < leaveUnprocessed) {
            skipped.add(keys.get(i));
          } else if (data.containsKey(keys.get(i))) {
            found.put(keys.get(i), data.get(keys.get(i)).clone());
          }
        }
        if (leaveUnprocessed > 0) {
          leaveUnprocessed--;
        }
        return BatchRead.of(found, skipped);
      });
    }

    @Override
    protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
      writeBatches.add(List.copyOf(entries));
      return track(() -> {
        int skip = Math.min(leaveUnprocessed, entries.size());
        for (Entry e : entries.subList(skip, entries.size())) {
          data.put(e.key(), e.value());
        }
        if (leaveUnprocessed > 0) {
          leaveUnprocessed--;
        }
        return List.copyOf(entries.subList(0, skip));
      });
    }

    @Override
    protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long from, long to, int limit) {
      List<Entry> out = new ArrayList<>();
      data.subMap(Key.of(partition, from), Key.of(partition, to)).forEach((k, v) -> {
        if (out.size() < limit) {
          out.add(Entry.of(k, v));
        }
      });
      return CompletableFuture.completedFuture(out);
    }

    @Override
    protected CompletableFuture<Void> createDatasetInStore(String dataset) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected void closeStore() {
      closedStore = true;
    }
  }

  private static Key key(int i) {
    return Key.of(new byte[] {(byte) (i >> 8), (byte) i}, i);
  }

  private static Fake fake(int batch) {
    return new Fake(batch, AdapterSettings.of(Duration.ofSeconds(5)).withRetry(QUICK));
  }

  @Test
  void readsAskEachKeyOnceInBatchesAndAnswerInRequestOrderWithDistinctArraysForDuplicates() {
    Fake store = fake(3);
    store.multiPut("ds1", List.of(Entry.of(key(1), new byte[] {1}), Entry.of(key(2), new byte[] {2}))).join();
    List<Key> request = List.of(key(2), key(9), key(1), key(2), key(4), key(5), key(1));

    List<Optional<byte[]>> got = store.multiGet("ds1", request).join();

    assertThat(got).hasSize(7);
    assertThat(got.get(0)).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
    assertThat(got.get(1)).isEmpty();
    assertThat(got.get(3)).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
    assertThat(got.get(0).get()).isNotSameAs(got.get(3).get());
    assertThat(store.readBatches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
    assertThat(store.readBatches.stream().mapToInt(List::size).sum()).isEqualTo(5);
  }

  @Test
  void unprocessedKeysAndEntriesAreRetriedUntilDone() {
    Fake store = fake(10);
    List<Entry> entries = IntStream.range(0, 25).mapToObj(i -> Entry.of(key(i), new byte[] {(byte) i})).toList();
    store.leaveUnprocessed = 3;
    store.multiPut("ds1", entries).join();
    assertThat(store.data).hasSize(25);

    store.leaveUnprocessed = 3;
    List<Optional<byte[]>> got = store.multiGet("ds1", entries.stream().map(Entry::key).toList()).join();
    assertThat(got).allSatisfy(v -> assertThat(v).isPresent());
  }

  @Test
  void retryableFailuresAreRetriedAndOthersFailAtOnceNamingTheKeys() {
    Fake store = fake(10);
    store.failuresLeft = 2;
    store.multiPut("ds1", List.of(Entry.of(key(1), new byte[] {1}))).join();
    assertThat(store.writeBatches).hasSize(3);

    store.failWith = Kind.AUTHENTICATION;
    store.failuresLeft = 1;
    store.writeBatches.clear();
    assertThatThrownBy(() -> store.multiPut("ds1", List.of(Entry.of(key(2), new byte[] {2}))).join())
        .cause().isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
          assertThat(e.failedKeys()).containsExactly(key(2));
        });
    assertThat(store.writeBatches).hasSize(1);

    store.failuresLeft = 1;
    assertThatThrownBy(() -> store.multiGet("ds1", List.of(key(1))).join())
        .cause().isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
  }

  @Test
  void anInvalidEntryInALaterBatchWritesNothing() {
    Fake store = fake(2);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(Entry.of(key(i), new byte[i == 5 ? 101 : 1]));
    }
    assertThatThrownBy(() -> store.multiPut("ds1", entries).join())
        .cause().isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.VALUE_TOO_LARGE));
    assertThat(store.writeBatches).isEmpty();
  }

  @Test
  void programmingErrorsThrowAndClosedFailsTheFuture() {
    Fake store = fake(2);
    assertThatThrownBy(() -> store.multiGet("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.multiGet("ds1", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.multiPut("ds1", Collections.singletonList(null))).isInstanceOf(NullPointerException.class);
    store.close();
    store.close();
    assertThat(store.closedStore).isTrue();
    assertThat(store.multiGet("ds1", List.of(key(1)))).failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
  }

  @Test
  void batchesInFlightStayWithinTheLimitAcrossCalls() {
    Fake store = new Fake(1, AdapterSettings.of(Duration.ofSeconds(10)).withRetry(QUICK).withMaxBatchesInFlight(3));
    store.park = true;
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int base = c * 10;
      calls.add(store.multiPut("ds1", IntStream.range(base, base + 5).mapToObj(i -> Entry.of(key(i), new byte[] {1})).toList()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    assertThat(store.data).hasSize(20);
    assertThat(store.maxInFlight.get()).isBetween(1, 3);
  }

  @Test
  void aCallThatOutlivesTheTimeoutFailsWithTimeoutNamingEveryEntry() {
    Fake store = new Fake(10, AdapterSettings.of(Duration.ofMillis(50)).withRetry(RetryPolicy.none())) {
      @Override
      protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
        return new CompletableFuture<>();
      }
    };
    assertThatThrownBy(() -> store.multiPut("ds1", List.of(Entry.of(key(1), new byte[] {1}))).join())
        .cause().isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
          assertThat(e.failedKeys()).containsExactly(key(1));
        });
  }

  @Test
  void scansAreCompleteAcrossPages() {
    Fake store = fake(1_000);
    byte[] p = {7};
    List<Entry> entries = IntStream.range(0, 2_500).mapToObj(i -> Entry.of(Key.of(p, i - 1_000), new byte[] {1})).toList();
    store.multiPut("ds1", entries).join();
    List<Entry> all = store.scan("ds1", p, Long.MIN_VALUE, Long.MAX_VALUE).join();
    assertThat(all).extracting(e -> e.key().sort()).containsExactlyElementsOf(
        IntStream.range(0, 2_500).mapToObj(i -> (long) (i - 1_000)).toList());
  }

  @Test
  void aListenerHearsBatchesRetriesAndFailures() {
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    StoreListener listener = new StoreListener() {
      @Override
      public void batch(String operation, int size, long nanos, boolean failed) {
        heard.add("batch " + operation + " " + size + (failed ? " failed" : ""));
      }

      @Override
      public void retry(String operation, int count, int attempt) {
        heard.add("retry " + operation + " " + count + " #" + attempt);
      }
    };
    Fake store = new Fake(10, AdapterSettings.of(Duration.ofSeconds(5)).withRetry(QUICK).withListener(listener));
    store.leaveUnprocessed = 1;
    store.multiPut("ds1", List.of(Entry.of(key(1), new byte[] {1}), Entry.of(key(2), new byte[] {2}))).join();
    assertThat(heard).containsExactly("batch multiPut 2", "retry multiPut 1 #2", "batch multiPut 1");
  }
}
