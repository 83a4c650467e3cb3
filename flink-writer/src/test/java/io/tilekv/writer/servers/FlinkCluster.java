package io.tilekv.writer.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster of child JVMs started from Flink's own entry points, as
 * {@code bin/start-cluster.sh} does: one JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and {@code taskManagers} TaskManagers ({@code TaskManagerRunner}) with one slot each, or
 * {@code slots}, from the classpath that {@code tilekv-server-flink} materializes, a generated
 * {@code config.yaml} on free 127.0.0.1 ports and a fresh directory. Ready once the REST API lists
 * every TaskManager. A TaskManager can be crashed ({@link #killTaskManager}); nothing restarts it,
 * as on a standalone cluster. {@link #close()} stops every process and deletes the directory.
 */
public final class FlinkCluster implements AutoCloseable {
  private static final String MODULE = "servers/flink (tilekv-server-flink)";
  private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private final int restPort;
  private final List<ChildJvm> processes = new ArrayList<>();
  private final Map<String, ChildJvm> taskManagers = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Seconds from the first process start to a ready REST API with every TaskManager. */
  public final double startSeconds;

  private FlinkCluster(int taskManagers, int slots) {
    long t0 = System.nanoTime();
    List<String> classpath = ChildJvm.classpath("io/tilekv/servers/flink/flink.classpath", MODULE);
    List<String> jvmOptions = ChildJvm.resourceLines("io/tilekv/servers/flink/jvm17.options", MODULE);
    int[] ports = ChildJvm.freePorts(3);
    restPort = ports[0];
    Thread hook = new Thread(this::close, "flink-cluster-stop");
    try {
      dir = Files.createTempDirectory("tilekv-flink-");
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Files.createDirectories(dir.resolve("tmp"));
      Files.createDirectories(dir.resolve("log"));
      Files.writeString(conf.resolve("config.yaml"), config(dir, ports, slots));
      Files.writeString(conf.resolve("log4j.properties"),
          ChildJvm.resourceText("io/tilekv/servers/flink/log4j2.properties", MODULE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      processes.add(start("jobmanager", classpath, jvmOptions,
          List.of("-Xms448m", "-Xmx448m", "-XX:MaxMetaspaceSize=256m"),
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          List.of("--configDir", dir.resolve("conf").toString(), "--executionMode", "cluster")));
      for (int i = 0; i < taskManagers; i++) {
        // The name doubles as the resource id, the "taskmanager-id" the REST API shows for a task.
        String id = "taskmanager-" + i;
        ChildJvm tm = start(id, classpath, jvmOptions,
            // task heap 256m + framework heap 128m; direct: network 64m + framework off-heap 128m
            List.of("-Xms384m", "-Xmx384m", "-XX:MaxDirectMemorySize=192m", "-XX:MaxMetaspaceSize=256m"),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            List.of("--configDir", dir.resolve("conf").toString(), "-Dtaskmanager.resource-id=" + id));
        processes.add(tm);
        this.taskManagers.put(id, tm);
      }
      awaitTaskManagers(taskManagers);
    } catch (RuntimeException e) {
      StringBuilder logs = new StringBuilder();
      try (var files = Files.list(dir.resolve("log"))) {
        for (Path f : files.sorted().toList()) {
          logs.append("\n--- ").append(f.getFileName()).append(" ---\n").append(ChildJvm.tail(f, 25));
        }
      } catch (IOException io) {
        logs.append("\n(no logs: ").append(io).append(")");
      }
      close();
      throw new IllegalStateException(e.getMessage() + logs, e);
    }
    startSeconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("Flink cluster (JobManager + %d TaskManagers of %d slots) ready on 127.0.0.1:%d after %.1f s%n",
        taskManagers, slots, restPort, startSeconds);
  }

  /** Starts a JobManager and {@code taskManagers} TaskManagers of one slot and waits for them. */
  public static FlinkCluster start(int taskManagers) {
    return new FlinkCluster(taskManagers, 1);
  }

  /** Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each. */
  public static FlinkCluster start(int taskManagers, int slots) {
    return new FlinkCluster(taskManagers, slots);
  }

  /**
   * SIGKILLs TaskManager {@code id} ({@code taskmanager-N}, its resource id: the
   * {@code taskmanager-id} the REST API shows for a subtask) and waits for the process to be gone;
   * a crash, no deregistration, its connections just drop. Returns its pid.
   */
  public synchronized long killTaskManager(String id) {
    ChildJvm tm = taskManagers.get(id);
    if (tm == null) {
      throw new IllegalArgumentException("no TaskManager " + id + " in " + taskManagers.keySet());
    }
    tm.kill();
    if (tm.isAlive()) {
      throw new IllegalStateException(tm + " still alive 10 s after SIGKILL");
    }
    return tm.pid();
  }

  /** {@code 127.0.0.1:port} of the REST API, what {@code write --cluster} takes. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** The cluster's directory: config, logs ({@code log/}), checkpoints ({@code checkpoints/}). */
  public Path directory() {
    return dir;
  }

  /** GET {@code path} of the REST API; the body of a 2xx answer. */
  public String get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** PATCH {@code path} of the REST API (e.g. {@code /jobs/ID?mode=cancel}). */
  public void patch(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
          .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("PATCH " + path + ": HTTP " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PATCH " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Every process's log, for failure messages and for checking what the cluster printed. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(dir.resolve("log"))) {
      for (Path f : files.sorted().toList()) {
        sb.append("=== ").append(f.getFileName()).append('\n').append(Files.readString(f)).append('\n');
      }
    } catch (IOException e) {
      sb.append("(logs unreadable: ").append(e).append(")");
    }
    return sb.toString();
  }

  private ChildJvm start(String name, List<String> classpath, List<String> jvmOptions, List<String> memory,
      String mainClass, List<String> args) {
    List<String> jvm = new ArrayList<>(jvmOptions);
    jvm.addAll(memory);
    jvm.add("-Dlog.file=" + dir.resolve("log").resolve(name + ".log"));
    jvm.add("-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties"));
    return ChildJvm.start("flink " + name, classpath, jvm, mainClass, args, dir,
        dir.resolve("log").resolve(name + ".out"));
  }

  private void awaitTaskManagers(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < deadline) {
      for (ChildJvm p : processes) {
        p.checkAlive();
      }
      try {
        last = get("/overview");
        Matcher m = TASK_MANAGERS.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= n) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.toString();
      }
      ChildJvm.sleep(250);
    }
    throw new IllegalStateException("Flink cluster not ready after 120 s: " + last);
  }

  private static String config(Path dir, int[] ports, int slots) {
    return String.join("\n",
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.rpc.port: " + ports[1],
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.memory.process.size: 1024m",
        "taskmanager.host: 127.0.0.1",
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.numberOfTaskSlots: " + slots,
        // With spare slots, spread a job's subtasks over the TaskManagers rather than fill one.
        "taskmanager.load-balance.mode: slots",
        // Fully specified, as taskmanager.sh would pass them (its BashJavaUtils computes them).
        "taskmanager.cpu.cores: 1.0",
        "taskmanager.memory.framework.heap.size: 128m",
        "taskmanager.memory.framework.off-heap.size: 128m",
        "taskmanager.memory.task.off-heap.size: 0m",
        "taskmanager.memory.jvm-overhead.min: 192m",
        "taskmanager.memory.jvm-overhead.max: 192m",
        "taskmanager.memory.task.heap.size: 256m",
        "taskmanager.memory.managed.size: 64m",
        "taskmanager.memory.network.min: 64m",
        "taskmanager.memory.network.max: 64m",
        "taskmanager.memory.jvm-metaspace.size: 256m",
        "parallelism.default: 1",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + ports[0],
        "blob.server.port: " + ports[2],
        "web.submit.enable: true",
        "web.upload.dir: " + dir.resolve("uploads"),
        "io.tmp.dirs: " + dir.resolve("tmp"),
        "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
        "metrics.fetcher.update-interval: 1000",
        // Job and task states as they are now, not up to 3 s old (web.refresh-interval): tests time them.
        "rest.cache.execution-graph.timeout: 100 ms",
        "heartbeat.interval: 2000",
        "heartbeat.timeout: 20000",
        "classloader.resolve-order: child-first",
        "");
  }

  /** Stops the TaskManagers, then the JobManager; deletes the directory. Idempotent. */
  @Override
  public synchronized void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
    taskManagers.clear();
    if (dir != null && !Boolean.getBoolean("tilekv.flink.keepDir")) {
      ChildJvm.deleteTree(dir);
    }
  }
}
