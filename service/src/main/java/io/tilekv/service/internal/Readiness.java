package io.tilekv.service.internal;

import io.tilekv.fetcher.GroupByRegistry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.tiling.GroupBy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ready means: at least one GroupBy is served, and the store answers a one-key read in the
 * dataset of each served GroupBy within the timeout. The store's answer is remembered for a
 * second, so a load balancer polling often does not load the store.
 */
public final class Readiness {
  private static final Key PROBE = Key.of("tilekv-ready-probe".getBytes(StandardCharsets.US_ASCII), 0);
  private static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final KVStore store;
  private final long timeoutMillis;
  private volatile CompletableFuture<List<String>> last;
  private volatile long lastAt;

  public Readiness(KVStore store, long timeoutMillis) {
    this.store = store;
    this.timeoutMillis = timeoutMillis;
  }

  /** Why the service is not ready; empty when it is. Completes within the timeout. */
  public CompletableFuture<List<String>> check(GroupByRegistry groupBys) {
    if (groupBys.names().isEmpty()) {
      return CompletableFuture.completedFuture(List.of("no GroupBy is loaded"));
    }
    CompletableFuture<List<String>> remembered = last;
    if (remembered != null && System.nanoTime() - lastAt < REMEMBER_NANOS) {
      return remembered;
    }
    List<CompletableFuture<String>> probes = new ArrayList<>();
    for (String dataset : groupBys.groupBys().stream().map(GroupBy::dataset).distinct().toList()) {
      probes.add(probe(dataset));
    }
    CompletableFuture<List<String>> now = CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .thenApply(v -> probes.stream().map(CompletableFuture::join).filter(r -> r != null).toList());
    last = now;
    lastAt = System.nanoTime();
    return now;
  }

  private CompletableFuture<String> probe(String dataset) {
    CompletableFuture<?> read;
    try {
      read = store.multiGet(dataset, List.of(PROBE)); // reading only: creating datasets belongs to writers
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    return read.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).handle((v, t) -> t == null ? null
        : "store " + store.name() + " does not answer a read of dataset " + dataset + ": " + cause(t));
  }

  private static String cause(Throwable t) {
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return c instanceof java.util.concurrent.TimeoutException ? "no answer in time" : String.valueOf(c.getMessage());
  }
}
