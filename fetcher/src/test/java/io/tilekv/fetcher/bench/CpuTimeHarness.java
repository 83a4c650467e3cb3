package io.tilekv.fetcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The fetcher's overhead in CPU time of the calling thread, for a shared machine where wall-clock
 * JMH scores swing with other load: the same setup as {@link FetcherOverheadBenchmark}, alternating
 * rounds of {@code fetch} and of the bare {@code multiGet} (the baseline), reporting the median round
 * in CPU microseconds per request. The memory store completes on the calling thread, so both
 * measure all the work of a request.
 *
 * <p>Run: {@code mvn -q -pl fetcher test-compile exec:exec -Pbench -Dbench.main=io.tilekv.fetcher.bench.CpuTimeHarness}
 */
public final class CpuTimeHarness {
  private static final int ROUNDS = 15;
  private static final int PER_ROUND = 5_000;

  public static void main(String[] args) {
    FetcherOverheadBenchmark b = new FetcherOverheadBenchmark();
    b.setUp();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 30_000; i++) { // warm-up: let the JIT compile both paths
      b.fetch();
      b.storeOnly();
    }
    double[] fetch = new double[ROUNDS];
    double[] store = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < PER_ROUND; i++) {
        b.fetch();
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < PER_ROUND; i++) {
        b.storeOnly();
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      fetch[r] = (t1 - t0) / 1e3 / PER_ROUND;
      store[r] = (t2 - t1) / 1e3 / PER_ROUND;
    }
    java.util.Arrays.sort(fetch);
    java.util.Arrays.sort(store);
    double f = fetch[ROUNDS / 2];
    double s = store[ROUNDS / 2];
    System.out.printf("CPU us per request (median of %d rounds): fetch %.1f, store multiGet only %.1f,"
        + " fetcher overhead %.1f (%.2fx the store's own cost)%n", ROUNDS, f, s, f - s, (f - s) / s);
  }
}
