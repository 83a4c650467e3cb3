package io.tilekv.store.hbase.servers;

import io.tilekv.conformance.StoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Standalone HBase 2.6 (HMaster with embedded ZooKeeper and region server) as a child JVM on free
 * 127.0.0.1 ports, with its own temporary directory. The classpath, JVM options and log4j config
 * are resources of {@code tilekv-server-hbase}; none of HBase's server jars is on this JVM's
 * classpath. Ready once the master logs that it completed initialisation. {@link #close()}
 * sends SIGTERM, waits up to 30 s, then kills, and deletes the directory; a shutdown hook does the
 * same if the test JVM exits first.
 */
final class HBaseProcess implements AutoCloseable {
  private static final String RESOURCES = "io/tilekv/servers/";
  private static final long READY_MILLIS = 180_000;
  private static final String READY_LINE = "Master has completed initialization";

  private final Process process;
  private final Path dir;
  private final int zkPort;
  private final Thread hook;

  private HBaseProcess(Process process, Path dir, int zkPort) {
    this.process = process;
    this.dir = dir;
    this.zkPort = zkPort;
    this.hook = new Thread(this::stop, "tilekv-hbase-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static HBaseProcess start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("tilekv-hbase-");
      Files.createDirectories(dir.resolve("conf"));
      Files.createDirectories(dir.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = StoreFixture.freePorts(3);
    HBaseProcess p = null;
    try {
      Files.writeString(dir.resolve("conf/hbase-site.xml"), siteXml(dir, ports[0], ports[1], ports[2]));
      Files.writeString(dir.resolve("conf/log4j.properties"), resource("hbase/log4j.properties"));
      List<String> cmd = new ArrayList<>();
      cmd.add(JavaHomes.java17().toString());
      resource("hbase/jvm17.opts").lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(cmd::add);
      Path log = dir.resolve("logs/hbase.log");
      cmd.addAll(List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
          "-Dhb.log=" + log, "-Dzookeeper.admin.enableServer=false", "-Djava.net.preferIPv4Stack=true",
          "-cp", dir.resolve("conf") + java.io.File.pathSeparator + resource("hbase.classpath").trim(),
          "org.apache.hadoop.hbase.master.HMaster", "start"));
      Process process = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      p = new HBaseProcess(process, dir, ports[0]);
      p.awaitReady(log);
      return p;
    } catch (IOException | RuntimeException e) {
      String tail = tail(dir);
      if (p != null) {
        p.close();
      } else {
        deleteTree(dir);
      }
      throw new IllegalStateException("HBase did not start: " + e.getMessage() + "\n" + tail, e);
    }
  }

  int zookeeperPort() {
    return zkPort;
  }

  private void awaitReady(Path log) throws IOException {
    long end = System.currentTimeMillis() + READY_MILLIS;
    while (true) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(READY_LINE)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException("the HBase JVM exited with " + process.exitValue());
      }
      if (System.currentTimeMillis() > end) {
        throw new IOException("HBase was not ready within " + READY_MILLIS / 1000 + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for HBase", e);
      }
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // the JVM is shutting down: the hook is running or ran
    }
  }

  private synchronized void stop() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: HBase's own shutdown hook stops the region server and ZooKeeper
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteTree(dir);
  }

  private static String siteXml(Path dir, int zk, int master, int rs) {
    StringBuilder sb = new StringBuilder("<configuration>\n");
    String[][] props = {
        {"hbase.cluster.distributed", "false"},
        {"hbase.rootdir", dir.resolve("root").toUri().toString()},
        {"hbase.tmp.dir", dir.resolve("tmp").toString()},
        {"hbase.zookeeper.quorum", "127.0.0.1"},
        {"hbase.zookeeper.property.clientPort", Integer.toString(zk)},
        {"hbase.zookeeper.property.dataDir", dir.resolve("zk").toString()},
        {"hbase.master.port", Integer.toString(master)},
        {"hbase.regionserver.port", Integer.toString(rs)},
        {"hbase.master.info.port", "-1"},
        {"hbase.regionserver.info.port", "-1"},
        {"hbase.master.ipc.address", "127.0.0.1"},
        {"hbase.regionserver.ipc.address", "127.0.0.1"},
        {"hbase.unsafe.stream.capability.enforce", "false"},
        {"zookeeper.admin.enableServer", "false"},
        {"hbase.master.wait.on.regionservers.mintostart", "1"},
        {"hbase.master.wait.on.regionservers.maxtostart", "1"},
        {"hbase.regionserver.msginterval", "1000"},
        {"hbase.server.thread.wakefrequency", "1000"},
        {"hbase.master.event.waiting.time", "50"},
        {"hbase.regionserver.handler.count", "10"},
        // On SIGTERM the in-process ZooKeeper stops before the region server deletes its znode:
        // without this the region server retries that for 20 s.
        {"zookeeper.recovery.retry", "0"},
        {"zookeeper.recovery.retry.intervalmill", "200"},
    };
    for (String[] p : props) {
      sb.append("  <property><name>").append(p[0]).append("</name><value>").append(p[1])
          .append("</value></property>\n");
    }
    return sb.append("</configuration>\n").toString();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HBaseProcess.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("no resource " + RESOURCES + name + ": add the test dependency io.tilekv:tilekv-server-hbase");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String tail(Path dir) {
    StringBuilder sb = new StringBuilder();
    for (String f : List.of("logs/hbase.log", "logs/stdout.log")) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(f), StandardCharsets.ISO_8859_1);
        sb.append("--- ").append(f).append('\n');
        lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException ignored) {
        // no such log yet
      }
    }
    return sb.toString();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // already gone
    }
  }
}
