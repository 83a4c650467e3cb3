package io.tilekv.writer.testing;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A store that forwards to another and answers each multiPut {@code delayMillis} later. */
public final class SlowStore extends ForwardingStore {
  private volatile long delayMillis;
  public final AtomicLong puts = new AtomicLong();

  public SlowStore(KVStore delegate, long delayMillis) {
    super("slow", delegate);
    this.delayMillis = delayMillis;
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    puts.incrementAndGet();
    long d = delayMillis;
    if (d == 0) {
      return delegate.multiPut(dataset, entries);
    }
    Executor later = CompletableFuture.delayedExecutor(d, TimeUnit.MILLISECONDS);
    return CompletableFuture.runAsync(() -> {}, later).thenCompose(v -> delegate.multiPut(dataset, entries));
  }
}
