package io.tilekv.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BatchesTest {
  private static final RetryPolicy FOUR_QUICK_ATTEMPTS = new RetryPolicy(4, Duration.ZERO, Duration.ofMillis(1));

  private static Key key(int i) {
    return Key.of(new byte[] {(byte) i}, i);
  }

  private static Entry entry(int i, String value) {
    return Entry.of(key(i), value.getBytes());
  }

  @Property(seed = "31", tries = 300)
  void splittingKeepsOrderAndFillsEveryBatchButTheLast(@ForAll @Size(max = 50) List<Integer> items,
      @ForAll @IntRange(min = 1, max = 12) int max) {
    List<List<Integer>> batches = Batches.split(items, max);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(items);
    for (int i = 0; i < batches.size(); i++) {
      assertThat(batches.get(i)).hasSizeBetween(1, max);
      if (i < batches.size() - 1) {
        assertThat(batches.get(i)).hasSize(max);
      }
    }
    assertThatThrownBy(() -> Batches.split(items, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLastEntryOfAKeyWinsAndKeepsItsPosition() {
    List<Entry> out = Batches.lastWins(List.of(entry(1, "a"), entry(2, "b"), entry(1, "c"), entry(3, "d")));
    assertThat(out).extracting(e -> new String(e.value())).containsExactly("b", "c", "d");
    List<Entry> unique = List.of(entry(1, "a"), entry(2, "b"));
    assertThat(Batches.lastWins(unique)).isSameAs(unique);
  }

  @Test
  void getAllConcatenatesBatchesInRequestOrderWhateverOrderTheyFinishIn() {
    List<Integer> keys = IntStream.range(0, 25).boxed().toList();
    AtomicInteger calls = new AtomicInteger();
    List<Integer> out = Batches.getAll(keys, 10, batch -> {
      assertThat(batch).hasSizeLessThanOrEqualTo(10);
      long delay = 30L * (3 - calls.incrementAndGet()); // the first batch finishes last
      return CompletableFuture.supplyAsync(() -> batch.stream().map(k -> k * 2).toList(),
          CompletableFuture.delayedExecutor(Math.max(0, delay), TimeUnit.MILLISECONDS));
    }).join();
    assertThat(calls).hasValue(3);
    assertThat(out).isEqualTo(keys.stream().map(k -> k * 2).toList());
  }

  @Test
  void unprocessedEntriesAreRetriedUntilWritten() {
    Map<Key, String> written = new ConcurrentHashMap<>();
    AtomicInteger calls = new AtomicInteger();
    List<Entry> entries = IntStream.range(0, 10).mapToObj(i -> entry(i, "v" + i)).toList();
    Batches.putAll("s", entries, 4, FOUR_QUICK_ATTEMPTS, batch -> {
      calls.incrementAndGet();
      // Writes the first entry of each call and leaves the rest unprocessed.
      written.put(batch.get(0).key(), new String(batch.get(0).value()));
      return CompletableFuture.completedFuture(batch.subList(1, batch.size()));
    }).join();
    assertThat(written).hasSize(10);
    assertThat(calls).hasValue(10);
  }

  @Test
  void entriesStillUnprocessedAfterTheLastAttemptFailNamingExactlyThoseKeys() {
    Set<Key> stuck = Set.of(key(3), key(7));
    AtomicInteger calls = new AtomicInteger();
    List<Entry> entries = IntStream.range(0, 10).mapToObj(i -> entry(i, "v")).toList();
    CompletableFuture<Void> f = Batches.putAll("s", entries, 5, FOUR_QUICK_ATTEMPTS, batch -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(batch.stream().filter(e -> stuck.contains(e.key())).toList());
    });
    KVStoreException e = failure(f);
    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.storeName()).isEqualTo("s");
    assertThat(e.failedKeys()).containsExactlyInAnyOrderElementsOf(stuck);
    assertThat(calls).hasValue(2 * 4);
  }

  @Test
  void aRetryableErrorIsRetriedAndANonRetryableOneIsNot() {
    AtomicInteger flaky = new AtomicInteger();
    Batches.putAll("s", List.of(entry(1, "v")), 10, FOUR_QUICK_ATTEMPTS, batch ->
        flaky.incrementAndGet() < 3
            ? CompletableFuture.failedFuture(new KVStoreException(Kind.UNAVAILABLE, "s", "down"))
            : CompletableFuture.completedFuture(List.of())).join();
    assertThat(flaky).hasValue(3);

    AtomicInteger fatal = new AtomicInteger();
    KVStoreException e = failure(Batches.putAll("s", List.of(entry(1, "v"), entry(2, "w")), 10, FOUR_QUICK_ATTEMPTS,
        batch -> {
          fatal.incrementAndGet();
          return CompletableFuture.failedFuture(new KVStoreException(Kind.VALUE_TOO_LARGE, "s", "too big"));
        }));
    assertThat(fatal).hasValue(1);
    assertThat(e.kind()).isEqualTo(Kind.VALUE_TOO_LARGE);
    assertThat(e.failedKeys()).containsExactlyInAnyOrder(key(1), key(2));
  }

  @Test
  void aRetryableErrorThatPersistsFailsWithItsKindAfterEveryAttempt() {
    AtomicInteger calls = new AtomicInteger();
    KVStoreException e = failure(Batches.putAll("s", List.of(entry(1, "v")), 10, FOUR_QUICK_ATTEMPTS, batch -> {
      calls.incrementAndGet();
      throw new IllegalStateException("bug in the adapter");
    }));
    assertThat(calls).hasValue(1); // not a store error: INTERNAL, not retried
    assertThat(e.kind()).isEqualTo(Kind.INTERNAL);

    AtomicInteger timeouts = new AtomicInteger();
    KVStoreException t = failure(Batches.putAll("s", List.of(entry(1, "v")), 10, FOUR_QUICK_ATTEMPTS, batch -> {
      timeouts.incrementAndGet();
      return CompletableFuture.failedFuture(new KVStoreException(Kind.TIMEOUT, "s", "slow"));
    }));
    assertThat(timeouts).hasValue(4);
    assertThat(t.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(t.failedKeys()).containsExactly(key(1));
  }

  @Test
  void duplicateKeysAreCollapsedBeforeBatchesAreSent() {
    List<Entry> sent = Collections.synchronizedList(new ArrayList<>());
    Batches.putAll("s", List.of(entry(1, "old"), entry(2, "x"), entry(1, "new")), 1, RetryPolicy.none(), batch -> {
      sent.addAll(batch);
      return CompletableFuture.completedFuture(List.of());
    }).join();
    assertThat(sent).extracting(e -> new String(e.value())).containsExactlyInAnyOrder("x", "new");
  }

  private static KVStoreException failure(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (RuntimeException e) {
      KVStoreException kv = KVStoreException.unwrap(e);
      assertThat(kv).as("a store error, got %s", e).isNotNull();
      return kv;
    }
    throw new AssertionError("expected the call to fail");
  }
}
