package io.tilekv.service;

import static io.tilekv.service.support.Running.AT;
import static io.tilekv.service.support.Running.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.service.support.Running;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints of a running service over a memory store. */
class FeatureServiceTest {
  private static Running running;

  @BeforeAll
  static void start() {
    running = new Running();
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  @Test
  void fetchAnswersEveryRequestInOrderWithTheJsonOfFetchJson() {
    String body = "{\"requests\":[{\"groupBy\":\"purchases\",\"key\":{\"user\":\"u3\"},\"at\":" + AT + "},"
        + "{\"groupBy\":\"purchases\",\"key\":{\"user\":\"u1\"},\"at\":\"2024-01-23T14:00:00Z\"},"
        + "{\"groupBy\":\"purchases\",\"key\":{\"user\":\"nobody\"},\"at\":" + AT + "}]}";

    HttpResponse<String> r = running.post("/v1/fetch", body);

    Fetcher library = Fetcher.builder().store(running.store).groupBys(running.groupBy).build();
    String expected = "{\"responses\":["
        + library.fetch(FetchRequest.of("purchases", Map.of("user", "u3")).at(AT)).join().toJson() + ","
        + library.fetch(FetchRequest.of("purchases", Map.of("user", "u1")).at(AT)).join().toJson() + ","
        + library.fetch(FetchRequest.of("purchases", Map.of("user", "nobody")).at(AT)).join().toJson() + "]}";
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo(expected);
    JsonNode first = json(r.body()).get("responses").get(0);
    assertThat(first.get("features").get("amount_count_7d").asLong()).isPositive();
    assertThat(first.get("errors").isEmpty()).isTrue();
  }

  @Test
  void aBatchIsReadWithOneStoreCallPerDataset() {
    String body = "{\"requests\":[" + String.join(",", java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> "{\"groupBy\":\"purchases\",\"key\":{\"user\":\"u" + i + "\"},\"at\":" + AT + "}")
        .toList()) + "]}";
    try (Running uncached = new Running(b -> b.cache(io.tilekv.fetcher.CacheOptions.disabled()))) {
      int before = uncached.store.multiGets.get();

      assertThat(uncached.post("/v1/fetch", body).statusCode()).isEqualTo(200);

      double tiles = uncached.service.metrics().get("tilekv.fetch.tiles.store").summary().totalAmount();
      int maxGetBatch = uncached.store.capabilities().maxGetBatch();
      assertThat(tiles).isGreaterThan(5 * 20); // five keys' plans, each tile read once
      assertThat(uncached.store.multiGets.get() - before).isEqualTo((int) Math.ceil(tiles / maxGetBatch));
    }
  }

  @Test
  void groupBysListsNamesKeysLayersWindowsAndFeatures() {
    HttpResponse<String> r = running.get("/v1/groupbys");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode g = json(r.body()).get("groupBys").get(0);
    assertThat(g.get("name").asText()).isEqualTo("purchases");
    assertThat(g.get("keys").toString()).isEqualTo("[\"user\"]");
    assertThat(g.get("layers").toString()).isEqualTo("[\"5m\",\"1h\",\"1d\"]");
    assertThat(g.get("windows").toString()).contains("\"1h\"", "\"7d\"");
    assertThat(g.get("features").findValuesAsText("name")).contains("amount_count_7d", "item_last_1h");
    assertThat(json(r.body()).get("problems").isEmpty()).isTrue();
  }

  @Test
  void healthAndReadyAreUpWithAReachableStoreAndLoadedGroupBys() {
    HttpResponse<String> health = running.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health.body()).get("status").asText()).isEqualTo("UP");
    HttpResponse<String> ready = running.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready.body()).get("ready").asBoolean()).isTrue();
  }

  @Test
  void metricsArePrometheusTextWithTheFetcherAndHttpMeters() {
    running.post("/v1/fetch", Running.fetchBody("u2"));

    HttpResponse<String> r = running.get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(r.body()).contains("tilekv_fetch_latency_seconds_bucket", "tilekv_fetch_requests_total",
        "tilekv_fetch_tiles_planned_count", "tilekv_fetch_tiles_store_sum", "tilekv_fetch_tiles_cache_sum",
        "tilekv_fetch_store_calls_sum", "tilekv_store_latency_seconds_bucket", "tilekv_fetch_cache_hit_ratio",
        "tilekv_fetch_tiles_missing_total", "tilekv_http_responses_total", "tilekv_http_fetch_latency_seconds_bucket",
        "tilekv_groupbys_served 1.0", "jvm_memory_used_bytes");
  }

  @Test
  void anUnknownPathIsA404WithAJsonError() {
    HttpResponse<String> r = running.get("/v2/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r.body()).get("error").asText()).contains("/v2/nothing");
  }
}
