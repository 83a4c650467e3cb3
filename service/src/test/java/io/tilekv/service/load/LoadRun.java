package io.tilekv.service.load;

import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Closed-loop load: {@code clients} callers, each sending its next call as soon as the previous one
 * is answered, for a fixed time. A call is a batch of requests for random keys (one hot key).
 */
final class LoadRun {
  /** What one run measured. */
  record Result(String name, long calls, long requests, long errors, double seconds, ConcurrentHistogram micros) {
    String row() {
      return String.format(Locale.ROOT, "| %-26s | %8.0f | %8.0f | %7.2f | %7.2f | %7.2f | %6d |", name,
          calls / seconds, requests / seconds, micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0, errors);
    }
  }

  /** Random keys: the hot key with probability {@code hotShare}, else uniform over {@code keys} users. */
  record Keys(int keys, double hotShare, String groupBy, int batch) {
    String user(SplittableRandom r) {
      return r.nextDouble() < hotShare ? "hot" : "u" + r.nextInt(keys);
    }

    List<FetchRequest> requests(SplittableRandom r) {
      FetchRequest[] out = new FetchRequest[batch];
      for (int i = 0; i < batch; i++) {
        out[i] = FetchRequest.of(groupBy, java.util.Map.of("user", user(r)));
      }
      return List.of(out);
    }

    String body(SplittableRandom r) {
      StringBuilder sb = new StringBuilder("{\"requests\":[");
      for (int i = 0; i < batch; i++) {
        sb.append(i == 0 ? "" : ",").append("{\"groupBy\":\"").append(groupBy).append("\",\"key\":{\"user\":\"")
            .append(user(r)).append("\"}}");
      }
      return sb.append("]}").toString();
    }
  }

  private LoadRun() {}

  /** Calls {@code fetcher.fetch(List)} directly. */
  static Result library(String name, Fetcher fetcher, Keys keys, int clients, int seconds) throws InterruptedException {
    Loop loop = new Loop(name, keys, clients, seconds);
    for (int c = 0; c < clients; c++) {
      SplittableRandom r = new SplittableRandom(c);
      loop.start(() -> fetcher.fetch(keys.requests(r)).handle((responses, t) -> t == null && complete(responses)));
    }
    return loop.await();
  }

  /** POSTs to {@code /v1/fetch} with a Vert.x client of its own (one event loop, {@code clients} connections). */
  static Result http(String name, int port, Keys keys, int clients, int seconds) throws InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients));
    try {
      Loop loop = new Loop(name, keys, clients, seconds);
      for (int c = 0; c < clients; c++) {
        SplittableRandom r = new SplittableRandom(c);
        loop.start(() -> {
          Buffer body = Buffer.buffer(keys.body(r));
          return client.request(HttpMethod.POST, "/v1/fetch")
              .compose(req -> req.putHeader("Content-Type", "application/json").send(body))
              .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 && errorsFree(b.toString(), keys.batch())))
              .toCompletionStage().toCompletableFuture().handle((ok, t) -> t == null && ok);
        });
      }
      return loop.await();
    } finally {
      client.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static boolean complete(List<FetchResponse> responses) {
    for (FetchResponse r : responses) {
      if (!r.complete()) {
        return false;
      }
    }
    return true;
  }

  private static boolean errorsFree(String body, int batch) {
    int n = 0;
    for (int i = body.indexOf("\"errors\":{}"); i >= 0; i = body.indexOf("\"errors\":{}", i + 1)) {
      n++;
    }
    return n == batch;
  }

  /** The closed loop: every client chains its calls until the time is up. */
  private static final class Loop {
    final String name;
    final Keys keys;
    final CountDownLatch done;
    final long end;
    final long start = System.nanoTime();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final ConcurrentHistogram micros = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

    Loop(String name, Keys keys, int clients, int seconds) {
      this.name = name;
      this.keys = keys;
      this.done = new CountDownLatch(clients);
      this.end = start + TimeUnit.SECONDS.toNanos(seconds);
    }

    void start(java.util.function.Supplier<java.util.concurrent.CompletableFuture<Boolean>> call) {
      next(call);
    }

    private void next(java.util.function.Supplier<java.util.concurrent.CompletableFuture<Boolean>> call) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.countDown();
        return;
      }
      java.util.concurrent.CompletableFuture<Boolean> f;
      try {
        f = call.get();
      } catch (RuntimeException e) {
        f = java.util.concurrent.CompletableFuture.completedFuture(false);
      }
      f.whenComplete((ok, t) -> {
        micros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0), TimeUnit.SECONDS.toMicros(60)));
        calls.incrementAndGet();
        if (t != null || !Boolean.TRUE.equals(ok)) {
          errors.incrementAndGet();
        }
        next(call);
      });
    }

    Result await() throws InterruptedException {
      done.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(name, calls.get(), calls.get() * keys.batch(), errors.get(), seconds, micros);
    }
  }

}
