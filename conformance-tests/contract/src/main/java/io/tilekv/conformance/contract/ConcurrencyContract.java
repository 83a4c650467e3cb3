package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.checkPatterned;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.patterned;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * One client used from many threads at once: no lost updates, and a value is always read and left
 * whole, never torn or mixed from two writes. Values are self-checking ({@link TestValues#patterned}).
 */
public interface ConcurrencyContract extends ContractPart {

  int THREADS = 16;
  int ROUNDS = 20;

  @Test
  default void concurrentWritersOfDistinctKeysLoseNoUpdate() throws Exception {
    inParallel(THREADS, thread -> {
      for (int round = 0; round < ROUNDS; round++) {
        List<Entry> entries = new ArrayList<>();
        for (int j = 0; j < 5; j++) {
          int n = round * 5 + j;
          entries.add(Entry.of(key("writer-" + thread, n), patterned(thread * 1_000L + n, 64 + n)));
        }
        sut().put(entries);
      }
    });

    Map<Key, byte[]> expected = new HashMap<>();
    for (int thread = 0; thread < THREADS; thread++) {
      for (int n = 0; n < ROUNDS * 5; n++) {
        expected.put(key("writer-" + thread, n), patterned(thread * 1_000L + n, 64 + n));
      }
    }
    List<Key> request = new ArrayList<>(expected.keySet());
    assertReads(request, sut().get(request), expected::get);
  }

  @Test
  default void concurrentWritersOfOneKeyLeaveOneWholeWrittenValue() throws Exception {
    Key shared = key("contended", 1);
    inParallel(THREADS, thread -> {
      for (int round = 0; round < ROUNDS; round++) {
        sut().put(Entry.of(shared, value(thread, round)));
      }
    });

    byte[] last = sut().get(shared).orElseThrow(() -> new AssertionError("the contended key has no value"));
    long id = checkPatterned("final value of the contended key", last);
    assertThat(id / 1_000).as("writer of the final value").isBetween(0L, (long) THREADS - 1);
    assertThat(id % 1_000).as("round of the final value").isBetween(0L, (long) ROUNDS - 1);
  }

  @Test
  default void concurrentReadersNeverSeeATornValue() throws Exception {
    List<Key> keys = List.of(key("torn", 1), key("torn", 2), key("torn", 3), key("torn", 4));
    List<Entry> initial = new ArrayList<>();
    for (Key k : keys) {
      initial.add(Entry.of(k, value(999, 0)));
    }
    sut().put(initial);

    int writers = THREADS / 2;
    inParallel(THREADS, thread -> {
      for (int round = 0; round < ROUNDS; round++) {
        if (thread < writers) {
          List<Entry> entries = new ArrayList<>();
          for (Key k : keys) {
            entries.add(Entry.of(k, value(thread, round)));
          }
          sut().put(entries);
        } else {
          List<Optional<byte[]>> values = sut().get(keys);
          assertThat(values).as("one result per key").hasSize(keys.size());
          for (int i = 0; i < keys.size(); i++) {
            byte[] v = values.get(i).orElseThrow(() -> new AssertionError("a written key read as empty"));
            checkPatterned("concurrent read of " + keys.get(i), v);
          }
        }
      }
    });
  }

  /**
   * A self-checking value whose length differs per writer and round, up to about 40 KiB or the
   * store's maximum value size.
   */
  private byte[] value(int thread, int round) {
    int length = 64 + ((thread * 7 + round * 13) % 40) * 1_000;
    return patterned(thread * 1_000L + round, Math.min(length, sut().capabilities().maxValueBytes()));
  }

  /** Code run by one thread of {@link #inParallel}. */
  interface Worker {
    void run(int thread) throws Exception;
  }

  /** Runs {@code worker} on {@code threads} threads started together; rethrows the first failure. */
  private void inParallel(int threads, Worker worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Void> task = () -> {
          start.await();
          worker.run(thread);
          return null;
        };
        done.add(pool.submit(task));
      }
      start.countDown();
      long deadline = System.nanoTime() + sut().awaitLimit().multipliedBy(ROUNDS).toNanos();
      for (Future<Void> f : done) {
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Error error) {
            throw error;
          }
          if (cause instanceof Exception ex) {
            throw ex;
          }
          throw new AssertionError(cause);
        } catch (TimeoutException e) {
          throw new AssertionError("concurrent workers did not finish in time", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
