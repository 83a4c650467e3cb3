package io.tilekv.writer;

import static io.tilekv.writer.StandaloneClusterIT.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.servers.FlinkCluster;
import io.tilekv.writer.servers.KafkaBroker;
import io.tilekv.writer.testing.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real crash: a streaming writer job on a standalone cluster of two TaskManagers (child JVMs,
 * two slots each, the job's two subtasks spread over both), reading a real Kafka broker and
 * writing to Redis, loses a TaskManager that runs a writer subtask to SIGKILL while events are
 * being produced. Nothing replaces the TaskManager: the job restarts from its last completed
 * checkpoint on the survivor's spare slot, and once it has caught up the stored tiles give exactly
 * the brute-force oracle's features for every key, nothing lost and nothing counted twice.
 */
@ExtendWith({KafkaBroker.class, RedisServers.class})
class TaskManagerCrashIT {
  static final String TOPIC = "crash";
  static final String GROUP = "crash";
  static final int EVENTS = 3_000;
  static final int CHUNK = 250;
  /** Chunks the producer keeps back until the kill: events keep coming while the job recovers. */
  static final int AFTER_KILL = 4;
  static FlinkCluster cluster;

  final GroupBy g = Events.groupBy("purchases.yaml");

  @BeforeAll
  static void startCluster() {
    cluster = FlinkCluster.start(2, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killingATaskManagerMidStreamLosesNoEventAndCountsNoneTwice() throws Exception {
    // In order within the 5 s out-of-orderness: no event is late, the oracle takes all of them.
    // Users f0..f7: the run's Redis also holds StandaloneClusterIT's k* and m* tiles.
    List<String> lines = KafkaSourceTest.generated(g, EVENTS, 1_000, 0, 41).stream()
        .map(l -> l.replace("\"user\":\"k", "\"user\":\"f")).toList();
    List<Row> rows = Events.rows(g, lines);
    assertThat(rows).hasSize(EVENTS);
    KafkaBroker.createTopic(TOPIC, 4);
    String store = RedisServers.standalone().uri();

    // No idleness: a partition marked idle between two chunks would let the others' watermark
    // make its events late. Checkpoints every second commit the group's offsets (our progress
    // signal). Many restarts: until the JobManager has declared the TaskManager lost (two failed
    // heartbeat RPCs), a restart may land on its slots again and fail at once.
    String jobId = StandaloneClusterIT.submit(cluster, "--kafka-bootstrap", KafkaBroker.bootstrap(),
        "--topic", TOPIC, "--group", GROUP, "--store", store,
        "--plugins", StandaloneClusterIT.plugins().toString(), "--parallelism", "2",
        "--checkpoint-interval", "1s", "--restart-attempts", "20", "--trigger", "200ms", "--idleness", "0");
    CountDownLatch killed = new CountDownLatch(1);
    AtomicInteger produced = new AtomicInteger();
    ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "crash-producer");
      t.setDaemon(true);
      return t;
    });
    try (KVStore redis = StorePlugins.shared(List.of(StandaloneClusterIT.plugins())).open(store)) {
      StandaloneClusterIT.awaitState(cluster, jobId, "RUNNING", 60);
      awaitAllTasksRunning(jobId, null, 60);
      Future<Long> producing = producer.submit(() -> produce(lines, produced, killed));

      // After a checkpoint that covered events (the offsets it committed), mid-stream: right after
      // the last chunk before the held-back ones was acknowledged, while the job reads it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (KafkaBroker.committed(GROUP, TOPIC) < 2L * CHUNK) {
        assertThat(System.nanoTime()).as("no checkpoint covered %d events within 60 s", 2 * CHUNK)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      while (produced.get() < EVENTS - AFTER_KILL * CHUNK) {
        assertThat(producing.isDone()).as("producer ended early").isFalse();
        Thread.sleep(5);
      }
      List<Task> before = tasks(jobId);
      String victim = before.stream().filter(t -> t.vertex.contains("store ")).findFirst()
          .orElseThrow(() -> new AssertionError("no writer task in " + before)).taskManager;
      int producedAtKill = produced.get();
      long kill = System.nanoTime();
      long pid = cluster.killTaskManager(victim);
      killed.countDown();
      // Offsets only grow: what is committed now bounds what was at the kill.
      long committedAtKill = KafkaBroker.committed(GROUP, TOPIC);
      System.err.printf("killed %s (pid %d): %d events produced, %d covered by a checkpoint; tasks were %s%n",
          victim, pid, producedAtKill, committedAtKill, before);

      double noticed = seconds(kill, awaitFailover(jobId, 60));
      List<Task> after = awaitAllTasksRunning(jobId, victim, 120);
      double running = seconds(kill, System.nanoTime());

      // Caught up: the store equal to the oracle (timed when a comparison ends), and every event
      // behind a completed checkpoint.
      List<String> mismatches = List.of("not compared yet");
      long committed = 0;
      long matched = 0;
      long allCommitted = 0;
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && (matched == 0 || allCommitted == 0)) {
        if (producing.isDone()) {
          if (matched == 0) {
            mismatches = Events.mismatches(redis, g, rows, KafkaSourceTest.queries());
            matched = mismatches.isEmpty() ? System.nanoTime() : 0;
          }
          committed = KafkaBroker.committed(GROUP, TOPIC);
          allCommitted = allCommitted == 0 && committed == EVENTS ? System.nanoTime() : allCommitted;
        }
        assertThat(jobState(jobId)).isNotIn("FAILED", "CANCELED");
        Thread.sleep(100);
      }
      double caughtUp = seconds(kill, matched);
      double producerEnd = seconds(kill, producing.get(1, TimeUnit.SECONDS));
      assertThat(committed).as("offsets committed; job %s", cluster.get("/jobs/" + jobId + "/exceptions"))
          .isEqualTo(EVENTS);
      assertThat(mismatches).as("stored features against the oracle").isEmpty();
      System.err.printf("TaskManager crash: kill -> failure noticed %.1f s, -> RUNNING %.1f s, -> caught up"
              + " (store = oracle) %.1f s, -> every offset committed %.1f s; last event produced at %.1f s;"
              + " restarts %d; tasks now %s%n",
          noticed, running, caughtUp, seconds(kill, allCommitted), producerEnd, maxAttempt(after), after);

      assertThat(EVENTS - producedAtKill).as("events produced after the kill")
          .isGreaterThanOrEqualTo(AFTER_KILL * CHUNK);
      assertThat(committedAtKill).as("events not yet behind a checkpoint at the kill")
          .isLessThan(producedAtKill);
      assertThat(after).allSatisfy(t -> {
        assertThat(t.taskManager).isNotEqualTo(victim);
        assertThat(t.attempt).as("restarted").isPositive();
      });
      // Settled: two more checkpoints later the job still runs and the tiles still match.
      long checkpoints = completedCheckpoints(jobId);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (completedCheckpoints(jobId) < checkpoints + 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(jobState(jobId)).isEqualTo("RUNNING");
      assertThat(Events.mismatches(redis, g, rows, KafkaSourceTest.queries())).isEmpty();
    } finally {
      producer.shutdownNow();
      killed.countDown();
      try {
        cluster.patch("/jobs/" + jobId + "?mode=cancel");
        StandaloneClusterIT.awaitState(cluster, jobId, "CANCELED", 60);
      } catch (RuntimeException | AssertionError e) {
        // Already over; closing the cluster stops what is left.
      }
    }
  }

  /**
   * Produces {@code lines} in chunks, one a second, keyed by user; keeps the last chunks back until
   * {@code killed}. Returns when the last chunk was acknowledged (System.nanoTime()).
   */
  static long produce(List<String> lines, AtomicInteger produced, CountDownLatch killed) throws Exception {
    int chunks = (lines.size() + CHUNK - 1) / CHUNK;
    for (int i = 0; i < chunks; i++) {
      if (i == chunks - AFTER_KILL && !killed.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no kill within 120 s");
      }
      long t0 = System.nanoTime();
      List<String> chunk = lines.subList(i * CHUNK, Math.min(lines.size(), (i + 1) * CHUNK));
      KafkaBroker.produce(TOPIC, chunk, KafkaSourceTest::userOf);
      produced.addAndGet(chunk.size());
      Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - t0) / 1_000_000));
    }
    return System.nanoTime();
  }

  /** A subtask: its vertex, state, attempt and the TaskManager it runs on. */
  record Task(String vertex, int subtask, String status, int attempt, String taskManager) {
    @Override
    public String toString() {
      return vertex.replaceAll("\\s*->.*|:.*", "") + "#" + subtask + "@" + taskManager + " " + status
          + " attempt " + attempt;
    }
  }

  static List<Task> tasks(String jobId) throws Exception {
    List<Task> out = new ArrayList<>();
    for (JsonNode v : JSON.readTree(cluster.get("/jobs/" + jobId)).get("vertices")) {
      JsonNode d = JSON.readTree(cluster.get("/jobs/" + jobId + "/vertices/" + v.get("id").asText()));
      for (JsonNode s : d.get("subtasks")) {
        out.add(new Task(v.get("name").asText(), s.get("subtask").asInt(), s.get("status").asText(),
            s.get("attempt").asInt(), s.path("taskmanager-id").asText()));
      }
    }
    return out;
  }

  /** Waits until the job and all its subtasks run, none on {@code not}; the subtasks. */
  static List<Task> awaitAllTasksRunning(String jobId, String not, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Task> tasks = List.of();
    while (System.nanoTime() < deadline) {
      String state = jobState(jobId);
      assertThat(state).as("job state; %s", cluster.get("/jobs/" + jobId + "/exceptions"))
          .isNotIn("FAILED", "CANCELED", "FINISHED");
      tasks = tasks(jobId);
      if (state.equals("RUNNING") && !tasks.isEmpty()
          && tasks.stream().allMatch(t -> t.status.equals("RUNNING") && !t.taskManager.equals(not))) {
        return tasks;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("tasks not all running within " + seconds + " s: " + tasks
        + "\n" + cluster.get("/jobs/" + jobId + "/exceptions"));
  }

  /** Waits until the job has noticed the crash: it left RUNNING or a subtask was redeployed. */
  static long awaitFailover(String jobId, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!jobState(jobId).equals("RUNNING") || maxAttempt(tasks(jobId)) > 0) {
        return System.nanoTime();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the job did not notice the crash within " + seconds + " s");
  }

  static String jobState(String jobId) throws Exception {
    return JSON.readTree(cluster.get("/jobs/" + jobId)).get("state").asText();
  }

  static long completedCheckpoints(String jobId) throws Exception {
    return JSON.readTree(cluster.get("/jobs/" + jobId + "/checkpoints")).path("counts").path("completed").asLong();
  }

  static int maxAttempt(List<Task> tasks) {
    return tasks.stream().mapToInt(Task::attempt).max().orElse(0);
  }

  static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
