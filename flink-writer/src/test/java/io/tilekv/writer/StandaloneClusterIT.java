package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.servers.FlinkCluster;
import io.tilekv.writer.servers.KafkaBroker;
import io.tilekv.writer.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone Flink cluster (a JobManager and two TaskManagers as child JVMs
 * from Flink's entry points), submitted through the REST API by {@code write --cluster}, reading a
 * real Kafka broker and writing to a Redis server that both TaskManagers reach, the Redis adapter
 * travelling as a plugin folder. Runs after {@code package} (failsafe), since it needs the jar.
 */
@ExtendWith({KafkaBroker.class, RedisServers.class})
class StandaloneClusterIT {
  static final long START = 1_700_000_000_000L;
  static final String SECRET = "s3cret-never-printed";
  static final ObjectMapper JSON = new ObjectMapper();
  static FlinkCluster cluster;

  final GroupBy g = Events.groupBy("purchases.yaml");

  @TempDir
  Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = FlinkCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Path jobJar() {
    return Path.of(System.getProperty("tilekv.job.jar", "target/tilekv-flink-writer-0.1.0-SNAPSHOT-job.jar"));
  }

  static Path plugins() {
    return Path.of(System.getProperty("tilekv.test.plugins", "target/test-plugins")).toAbsolutePath();
  }

  @Test
  void theJobJarLeavesFlinkAndRocksDbToTheCluster() throws Exception {
    List<String> offending = new ArrayList<>();
    boolean kafkaConnector = false;
    try (JarFile jar = new JarFile(jobJar().toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String n = e.nextElement().getName();
        kafkaConnector |= n.startsWith("org/apache/flink/connector/kafka/");
        if (n.startsWith("org/rocksdb/") || n.contains("librocksdbjni")
            || n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/streaming/api/")
            || n.startsWith("org/apache/flink/api/common/") || n.startsWith("org/apache/logging/log4j/")
            || n.startsWith("org/slf4j/")) {
          offending.add(n);
        }
      }
    }
    assertThat(offending).isEmpty();
    assertThat(kafkaConnector).isTrue();
  }

  @Test
  void boundedKafkaJobSubmittedThroughRestAtParallelismTwoRunsToTheEndWithTheOracleFeatures()
      throws Exception {
    List<String> lines = KafkaSourceTest.generated(g, 4_000, 600_000, 0.02, 21);
    KafkaBroker.createTopic("cluster-backfill", 4);
    KafkaBroker.produce("cluster-backfill", lines, KafkaSourceTest::userOf);
    List<Row> rows = Events.rows(g, lines);
    String store = RedisServers.standalone().uri();

    long t0 = System.nanoTime();
    String jobId = submit(cluster, "--kafka-bootstrap", KafkaBroker.bootstrap(), "--topic", "cluster-backfill",
        "--bounded", "--group", "cluster-backfill", "--kafka-properties", secretProperties().toString(),
        "--store", store, "--plugins", plugins().toString(), "--parallelism", "2");
    JsonNode job = awaitState(cluster, jobId, "FINISHED", 150);
    System.err.printf("bounded job on the cluster: submitted and finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // BATCH mode: the source runs at the given parallelism; Flink's adaptive batch scheduler may
    // run the downstream vertices with fewer subtasks for so little data.
    for (JsonNode v : job.get("vertices")) {
      int expected = v.get("name").asText().startsWith("Source") ? 2 : v.get("parallelism").asInt();
      assertThat(v.get("parallelism").asInt()).as(v.get("name").asText()).isEqualTo(expected).isBetween(1, 2);
    }
    try (KVStore redis = StorePlugins.shared(List.of(plugins())).open(store)) {
      assertThat(Events.mismatches(redis, g, rows, KafkaSourceTest.queries())).isEmpty();
    }
    String shown = cluster.get("/jobs/" + jobId + "/plan") + cluster.get("/jobs/" + jobId + "/config")
        + cluster.get("/jobs/" + jobId) + cluster.logs();
    assertThat(shown).contains("cluster-backfill").doesNotContain(SECRET);
  }

  @Test
  void aStreamingJobReportsTheWriterMetricsThroughTheRestApi() throws Exception {
    int n = 2_000;
    GroupByLines events = new GroupByLines(g, n);
    KafkaBroker.createTopic("cluster-stream", 2);
    KafkaBroker.produce("cluster-stream", events.lines, KafkaSourceTest::userOf);

    String jobId = submit(cluster, "--kafka-bootstrap", KafkaBroker.bootstrap(), "--topic", "cluster-stream",
        "--group", "cluster-stream", "--store", RedisServers.standalone().uri(),
        "--plugins", plugins().toString(), "--parallelism", "2", "--checkpoint-interval", "2s",
        "--trigger", "200ms", "--lateness", "10m", "--idleness", "1s");
    try {
      awaitState(cluster, jobId, "RUNNING", 60);
      awaitMetrics(jobId, events.lines.size(), 90);
      // Now that the watermark has moved past them, late events: their own partition is keyed.
      Thread.sleep(1_000);
      KafkaBroker.produce("cluster-stream", events.late, KafkaSourceTest::userOf);
      Map<String, Double> m = awaitMetrics(jobId, events.lines.size() + events.late.size(), 90);
      for (String name : List.of("eventsRead", "malformedEvents", "lateEvents", "lateEventsRewritten",
          "layer.5m.tilesEmitted", "layer.1h.tilesEmitted", "layer.1d.tilesEmitted", "tileIrBytes_mean",
          "tilesWritten", "storeRequests", "tilesRetried", "storeWriteFailures", "storeWriteLatencyMs_p99")) {
        assertThat(m.keySet()).as(name).anyMatch(id -> id.endsWith(name));
      }
      assertThat(sum(m, "malformedEvents")).as("malformed").isPositive();
      assertThat(sum(m, "lateEvents")).as("late, dropped").isPositive();
      assertThat(sum(m, "lateEventsRewritten")).as("late, rewritten").isPositive();
      assertThat(sum(m, "tilesWritten")).as("tiles written").isPositive();
      assertThat(sum(m, "storeWriteFailures")).as("store write failures").isZero();
    } finally {
      cluster.patch("/jobs/" + jobId + "?mode=cancel");
      awaitState(cluster, jobId, "CANCELED", 60);
    }
  }

  /** Events in order, with some far too late (dropped), some a little late (rewritten), some malformed. */
  static final class GroupByLines {
    final List<String> lines = new ArrayList<>();
    final List<String> late = new ArrayList<>();

    GroupByLines(GroupBy g, int n) {
      // Users m0..m7, not k0..k7: the same Redis dataset holds the bounded test's tiles.
      for (String l : KafkaSourceTest.generated(g, n, 1_000, 0.02, 33)) {
        lines.add(l.replace("\"user\":\"k", "\"user\":\"m"));
      }
      long end = START + (n - 1) * 60_000L;
      for (int i = 0; i < 20; i++) {
        // a day behind: its tiles are long gone
        late.add("{\"user\":\"late\",\"ts\":" + (end - 86_400_000L + i) + ",\"item\":\"x\",\"price\":1,\"qty\":1}");
        // 6 minutes behind: its 5m tile closed, still within the 10m lateness
        late.add("{\"user\":\"late\",\"ts\":" + (end - 360_000L + i) + ",\"item\":\"y\",\"price\":1,\"qty\":1}");
      }
    }
  }

  /** Submits {@code write --cluster} with {@code args} and purchases.yaml to {@code on}; the job id. */
  static String submit(FlinkCluster on, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--cluster", on.restAddress(), "--job-jar", jobJar().toString(),
        "--groupby", Path.of(StandaloneClusterIT.class.getResource("/purchases.yaml").toURI()).toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = WriterCommand.run(all.toArray(String[]::new), new PrintStream(out, true), new PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    Matcher m = Pattern.compile("submitted job ([0-9a-f]{32})").matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    return m.group(1);
  }

  Path secretProperties() throws Exception {
    // Not used on a PLAINTEXT listener, but carried like a real SASL setting.
    return Files.writeString(dir.resolve("kafka.properties"), String.join("\n",
        "sasl.mechanism=PLAIN",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"writer\" password=\"" + SECRET + "\";",
        "client.id.prefix=tilekv-it", ""));
  }

  static JsonNode awaitState(FlinkCluster on, String jobId, String state, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    JsonNode job = null;
    while (System.nanoTime() < deadline) {
      job = JSON.readTree(on.get("/jobs/" + jobId));
      String s = job.get("state").asText();
      if (s.equals(state)) {
        return job;
      }
      if (s.equals("FAILED") || (s.equals("CANCELED") && !state.equals("CANCELED"))) {
        throw new AssertionError("job " + s + ": " + on.get("/jobs/" + jobId + "/exceptions"));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job not " + state + " after " + seconds + " s: " + job
        + "\n" + on.get("/jobs/" + jobId + "/exceptions"));
  }

  /** Every metric of every vertex, summed over subtasks, once all {@code n} events were read. */
  static Map<String, Double> awaitMetrics(String jobId, long n, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Map<String, Double> m = Map.of();
    while (System.nanoTime() < deadline) {
      m = metrics(jobId);
      if (sum(m, "eventsRead") >= n && sum(m, "tilesWritten") > 0) {
        return m;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("events read did not reach " + n + " within " + seconds + " s: " + m);
  }

  static Map<String, Double> metrics(String jobId) throws Exception {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode v : JSON.readTree(cluster.get("/jobs/" + jobId)).get("vertices")) {
      String base = "/jobs/" + jobId + "/vertices/" + v.get("id").asText() + "/subtasks/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode id : JSON.readTree(cluster.get(base))) {
        ids.add(id.get("id").asText());
      }
      for (int i = 0; i < ids.size(); i += 40) {
        String get = URLEncoder.encode(String.join(",", ids.subList(i, Math.min(ids.size(), i + 40))),
            StandardCharsets.UTF_8);
        for (JsonNode value : JSON.readTree(cluster.get(base + "?agg=sum&get=" + get))) {
          if (value.has("sum")) {
            out.put(value.get("id").asText(), value.get("sum").asDouble());
          }
        }
      }
    }
    return out;
  }

  static double sum(Map<String, Double> m, String suffix) {
    return m.entrySet().stream().filter(e -> e.getKey().endsWith("." + suffix) || e.getKey().equals(suffix))
        .mapToDouble(Map.Entry::getValue).sum();
  }
}
