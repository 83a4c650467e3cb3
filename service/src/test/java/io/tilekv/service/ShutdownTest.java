package io.tilekv.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.CacheOptions;
import io.tilekv.service.support.Running;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping drains: fetches in flight are answered, new ones are refused, then the port closes. */
class ShutdownTest {

  @Test
  void stopAnswersEveryInFlightFetchBeforeClosing() throws Exception {
    try (Running running = new Running(b -> b.cache(CacheOptions.disabled()).deadline(Duration.ofSeconds(5))
        .drainTimeout(Duration.ofSeconds(10)))) {
      running.store.delayMillis = 700;
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        inFlight.add(running.postAsync("/v1/fetch", Running.fetchBody("u" + (i % 5))));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (running.service.metrics().get("tilekv.http.inflight").gauge().value() < 8 && System.nanoTime() < until) {
        Thread.sleep(10);
      }

      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(running.service::stop);
      Thread.sleep(150); // draining now, the fetches still wait for the store
      HttpResponse<String> late = running.post("/v1/fetch", Running.fetchBody("u1"));

      assertThat(late.statusCode()).isEqualTo(503);
      assertThat(stopped.get(15, TimeUnit.SECONDS)).isTrue();
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        HttpResponse<String> r = f.get(1, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"errors\":{}");
      }
      assertThat(CompletableFuture.supplyAsync(() -> running.get("/health")).handle((r, t) -> t))
          .succeedsWithin(Duration.ofSeconds(10)).isNotNull(); // connection refused: the port is closed
    }
  }
}
