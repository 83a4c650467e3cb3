package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanAndDemoCommandTest {
  private static final String ICE_CREAM = "../examples/groupbys/ice_cream.yaml";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CliRun.run(out, err, args);
  }

  @Test
  void planJsonCountsTheUnionOfTheWorkedExample() {
    int rc = run("plan", "--groupby", ICE_CREAM, "--at", "2024-01-15T14:34:00Z", "--json");

    assertThat(rc).isZero();
    assertThat(out.toString())
        .startsWith("{\"at\":1705329240000,\"tiles\":39,")
        .contains("{\"window\":\"6h\",\"hop\":\"5m\",\"start\":1705307400000,");
  }

  @Test
  void planAcceptsEpochMillisAndRejectsGarbageTimes() {
    assertThat(run("plan", "--groupby", ICE_CREAM, "--at", "1705329240000")).isZero();
    assertThat(out.toString()).contains("6h (hop 5m)").contains("union: 39");

    assertThat(run("plan", "--groupby", ICE_CREAM, "--at", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("neither epoch milliseconds nor an ISO-8601 instant");
  }

  @Test
  void demoWritesFetchesAndMatchesTheBruteForceAggregation() {
    int rc = run("demo", "--events", "500");

    assertThat(rc).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("events read:     500")
        .contains("customer_id_count_6h")
        .contains("Every feature equals a brute-force aggregation");
  }

  @Test
  void demoEventsAreValidEventsOfTheIceCreamGroupBy() throws Exception {
    GroupBy iceCream = GroupBy.parse(Path.of(ICE_CREAM));
    EventParser parser = new EventParser(iceCream);
    long at = Instant.parse("2024-01-15T14:34:00Z").toEpochMilli();
    List<String> lines = DemoCommand.purchases(200, at);

    assertThat(lines).hasSize(200).allSatisfy(line -> {
      assertThat(parser.parse(line, 1)).as(line).isInstanceOf(ParsedEvent.Valid.class);
      JsonNode event = new ObjectMapper().readTree(line);
      assertThat(event.get("created").asLong()).isLessThan(at);
      assertThat(event.get("price").asDouble()).isBetween(2.5, 6.5);
    });
  }

  @Test
  void fetchAnswersFromWhatWriteStored(@TempDir Path dir) throws Exception {
    Path events = dir.resolve("events.jsonl");
    java.nio.file.Files.write(events, java.util.List.of(
        "{\"customer_id\":\"Alice\",\"created\":1705320000000,\"flavour\":\"vanilla\",\"price\":3.5}",
        "{\"customer_id\":\"Alice\",\"created\":1705321000000,\"flavour\":\"mint\",\"price\":4.0}",
        "not json"));
    String store = "rocksdb:" + dir.resolve("store");

    assertThat(run("write", "--groupby", ICE_CREAM, "--events", events.toString(), "--store", store))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("malformed:       1");

    assertThat(run("fetch", "--groupby", ICE_CREAM, "--store", store, "--key", "customer_id=Alice",
        "--at", "2024-01-15T14:34:00Z", "--json")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("\"customer_id_count_6h\":2")
        .contains("\"flavour_last_6h\":\"mint\"")
        .contains("\"errors\":{}");
  }
}
