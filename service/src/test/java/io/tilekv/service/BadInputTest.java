package io.tilekv.service;

import static io.tilekv.service.support.Running.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilekv.service.internal.HttpApi;
import io.tilekv.service.support.Running;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refused input is a 4xx with a JSON error naming the field. */
class BadInputTest {
  private static Running running;

  @BeforeAll
  static void start() {
    running = new Running(b -> b.maxBatch(3).maxBodyBytes(4096));
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private static JsonNode refused(int status, String body) {
    HttpResponse<String> r = running.post("/v1/fetch", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    return json(r.body());
  }

  private static String request(String fields) {
    return "{\"requests\":[{\"groupBy\":\"purchases\",\"key\":{\"user\":\"u1\"}},{" + fields + "}]}";
  }

  @Test
  void malformedJsonNamesTheBody() {
    JsonNode e = refused(400, "{\"requests\":[{\"groupBy\":");
    assertThat(e.get("field").asText()).isEqualTo("body");
    assertThat(e.get("error").asText()).startsWith("malformed JSON");
  }

  @Test
  void aBodyWithoutRequestsNamesRequests() {
    assertThat(refused(400, "{\"request\":[]}").get("field").asText()).isEqualTo("request");
    assertThat(refused(400, "{\"requests\":{}}").get("field").asText()).isEqualTo("requests");
    assertThat(refused(400, "{\"requests\":[]}").get("field").asText()).isEqualTo("requests");
    assertThat(refused(400, "[1,2]").get("field").asText()).isEqualTo("body");
    assertThat(refused(400, "").get("field").asText()).isEqualTo("body");
  }

  @Test
  void anUnknownGroupByNamesTheRequestsGroupByAndListsTheServedOnes() {
    JsonNode e = refused(400, request("\"groupBy\":\"nope\",\"key\":{\"user\":\"u1\"}"));
    assertThat(e.get("field").asText()).isEqualTo("requests[1].groupBy");
    assertThat(e.get("error").asText()).contains("nope", "purchases");
  }

  @Test
  void aKeyThatDoesNotFitNamesTheKey() {
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"key\":{\"customer\":\"u1\"}")).get("field").asText())
        .isEqualTo("requests[1].key");
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"key\":{}")).get("error").asText())
        .contains("missing value for key column 'user'");
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"key\":\"u1\"")).get("field").asText())
        .isEqualTo("requests[1].key");
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"key\":{\"user\":[1]}")).get("field").asText())
        .isEqualTo("requests[1].key.user");
  }

  @Test
  void anAtThatIsNotATimeNamesAt() {
    JsonNode e = refused(400, request("\"groupBy\":\"purchases\",\"key\":{\"user\":\"u1\"},\"at\":\"yesterday\""));
    assertThat(e.get("field").asText()).isEqualTo("requests[1].at");
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"key\":{\"user\":\"u1\"},\"at\":1.5"))
        .get("field").asText()).isEqualTo("requests[1].at");
  }

  @Test
  void anUnknownFieldOfARequestIsNamed() {
    assertThat(refused(400, request("\"groupBy\":\"purchases\",\"keys\":{\"user\":\"u1\"}")).get("field").asText())
        .isEqualTo("requests[1].keys");
  }

  @Test
  void aBatchOverTheLimitIs413() {
    String four = "{\"requests\":[" + String.join(",", java.util.Collections.nCopies(4,
        "{\"groupBy\":\"purchases\",\"key\":{\"user\":\"u1\"}}")) + "]}";
    JsonNode e = refused(413, four);
    assertThat(e.get("field").asText()).isEqualTo("requests");
    assertThat(e.get("error").asText()).contains("limit is 3");
  }

  @Test
  void aBodyOverTheByteLimitIs413() {
    JsonNode e = refused(413, "{\"requests\":[\"" + "x".repeat(5000) + "\"]}");
    assertThat(e.get("field").asText()).isEqualTo("body");
  }

  @Test
  void aBadDeadlineHeaderIsNamed() {
    HttpResponse<String> r = running.send(running.postRequest("/v1/fetch", Running.fetchBody("u1"))
        .header(HttpApi.DEADLINE_HEADER, "soon").build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r.body()).get("field").asText()).isEqualTo("header " + HttpApi.DEADLINE_HEADER);
  }

  @Test
  void aValidBatchStillAnswersAfterRefusals() {
    assertThat(running.post("/v1/fetch", Running.fetchBody("u1")).statusCode()).isEqualTo(200);
  }
}
