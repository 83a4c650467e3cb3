package io.tilekv.service;

import static io.tilekv.service.support.Running.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilekv.fetcher.CacheOptions;
import io.tilekv.service.internal.HttpApi;
import io.tilekv.service.support.Running;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failing or slow store: per-feature errors in a 200, not ready, and the deadline. */
class StoreFailureTest {
  private final Running running = new Running(b -> b.cache(CacheOptions.disabled()));

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void aStoreFailureIsA200WithEveryFeatureAnErrorNamingTheCause() {
    running.store.failReads = true;

    HttpResponse<String> r = running.post("/v1/fetch", Running.fetchBody("u1"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answer = json(r.body()).get("responses").get(0);
    assertThat(answer.get("features").isEmpty()).isTrue();
    assertThat(answer.get("errors").size()).isEqualTo(running.groupBy.featureNames().size());
    assertThat(answer.get("errors").get("amount_count_7d").asText()).contains("store read failed", "connection refused");
    assertThat(running.get("/metrics").body()).contains("tilekv_store_errors_total{kind=\"UNAVAILABLE\"}",
        "tilekv_fetch_feature_errors_total{reason=\"store\"}");
  }

  @Test
  void readyIs503WhileTheStoreFailsAndHealthStaysUp() throws Exception {
    running.store.failReads = true;
    Thread.sleep(1_100); // past the remembered answer of a previous check

    HttpResponse<String> ready = running.get("/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready.body()).get("reasons").get(0).asText()).contains("does not answer");
    assertThat(running.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aFetchSlowerThanItsDeadlineIsA504() {
    running.store.delayMillis = 2_000;

    HttpResponse<String> r = running.send(running.postRequest("/v1/fetch", Running.fetchBody("u1"))
        .header(HttpApi.DEADLINE_HEADER, "200").build());

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(json(r.body()).get("error").asText()).contains("deadline of 200 ms");
  }
}
