package io.tilekv.service;

import static io.tilekv.service.support.Running.AT;
import static io.tilekv.service.support.Running.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilekv.service.support.Running;
import io.tilekv.service.support.Tiles;
import io.tilekv.tiling.GroupBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GroupBy files are reloaded while the service runs (it polls every 100 ms in these tests). */
class ReloadTest {
  private final Running running = new Running();

  @AfterEach
  void stop() {
    running.close();
  }

  private static void eventually(Supplier<Boolean> condition) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(until);
      Thread.sleep(50);
    }
  }

  private JsonNode fetch(String groupBy, String user) {
    String body = "{\"requests\":[{\"groupBy\":\"" + groupBy + "\",\"key\":{\"user\":\"" + user + "\"},\"at\":" + AT + "}]}";
    var r = running.post("/v1/fetch", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body()).get("responses").get(0);
  }

  @Test
  void aNewGroupByFileIsServedWithoutARestart() throws Exception {
    String yaml = Running.YAML.replace("name: purchases", "name: purchases_v2");
    Tiles.write(GroupBy.parseYaml(yaml), running.store, java.util.List.of(), 10);
    Files.writeString(running.dir.resolve("purchases_v2.yaml"), yaml);

    eventually(() -> running.get("/v1/groupbys").body().contains("purchases_v2"));

    assertThat(fetch("purchases_v2", "u1").get("errors").isEmpty()).isTrue();
    assertThat(fetch("purchases", "u1").get("errors").isEmpty()).isTrue();
  }

  @Test
  void aNewWindowIsServedFromTheSameTiles() throws Exception {
    Path file = running.dir.resolve("purchases.yaml");
    Files.writeString(file, Running.YAML.replace("windows: [1d, 7d]}", "windows: [1d, 3d, 7d]}"));

    eventually(() -> fetch("purchases", "u1").get("features").has("amount_sum_3d"));

    JsonNode r = fetch("purchases", "u1");
    assertThat(r.get("errors").isEmpty()).isTrue();
    assertThat(r.get("features").get("amount_sum_3d").asDouble()).isPositive()
        .isLessThanOrEqualTo(r.get("features").get("amount_sum_7d").asDouble());
  }

  @Test
  void anInvalidFileIsReportedAndThePreviousDefinitionKeepsServing() throws Exception {
    JsonNode before = fetch("purchases", "u2");
    Files.writeString(running.dir.resolve("purchases.yaml"), Running.YAML.replace("op: SUM", "op: SUMM"));

    eventually(() -> !json(running.get("/v1/groupbys").body()).get("problems").isEmpty());

    JsonNode problems = json(running.get("/v1/groupbys").body()).get("problems");
    assertThat(problems.fieldNames().next()).endsWith("purchases.yaml");
    assertThat(problems.elements().next().asText()).contains("SUMM");
    assertThat(fetch("purchases", "u2")).isEqualTo(before);
    assertThat(running.get("/metrics").body()).contains("tilekv_groupbys_problems 1.0");

    Files.writeString(running.dir.resolve("purchases.yaml"), Running.YAML);
    eventually(() -> json(running.get("/v1/groupbys").body()).get("problems").isEmpty());
  }

  @Test
  void aFileDefiningAnAlreadyServedNameIsReportedAndTheFirstKeepsServing() throws Exception {
    Files.writeString(running.dir.resolve("zz_copy.yaml"), Running.YAML.replace("op: COUNT", "op: MAX"));

    eventually(() -> running.get("/v1/groupbys").body().contains("zz_copy.yaml"));

    assertThat(running.get("/v1/groupbys").body()).contains("already defined in");
    assertThat(fetch("purchases", "u1").get("features").has("amount_count_7d")).isTrue();
  }
}
