package io.tilekv.spi.support;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds the number of asynchronous tasks in flight without blocking a thread: a task over the
 * limit waits in a queue and starts when one in flight completes.
 */
final class AsyncLimiter {
  private final int limit;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;
  private boolean draining;

  AsyncLimiter(int limit) {
    this.limit = limit;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable start = () -> {
      CompletableFuture<T> f;
      try {
        f = task.get();
      } catch (RuntimeException | Error e) {
        f = CompletableFuture.failedFuture(e);
      }
      f.whenComplete((v, t) -> {
        release();
        if (t != null) {
          result.completeExceptionally(t);
        } else {
          result.complete(v);
        }
      });
    };
    boolean now;
    synchronized (this) {
      now = running < limit && waiting.isEmpty();
      if (now) {
        running++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return result;
  }

  /**
   * One thread at a time starts queued tasks, in a loop rather than by recursion: a task that
   * completes at once (an in-memory store) would otherwise start the next one on its own stack.
   */
  private void release() {
    synchronized (this) {
      running--;
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      Runnable next;
      synchronized (this) {
        if (running >= limit || waiting.isEmpty()) {
          draining = false;
          return;
        }
        next = waiting.poll();
        running++;
      }
      next.run();
    }
  }
}
