package io.tilekv.store.cassandra.servers;

import io.tilekv.conformance.StoreFixture;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Cassandra 5 node as a child JVM: {@code CassandraDaemon} from the jars listed by the
 * {@code tilekv-server-cassandra} resource, a generated single-node {@code cassandra.yaml} on free
 * 127.0.0.1 ports in a fresh temporary directory, ready once the CQL port answers an OPTIONS
 * request. {@link #close()} sends SIGTERM, waits, kills, and deletes the directory.
 */
final class CassandraProcess implements CassandraServer.Node {
  static volatile Double lastStartSeconds;
  private static final long READY_TIMEOUT_MS = 240_000;

  private final Process process;
  private final Path dir;
  private final int nativePort;
  private volatile boolean closed;

  private CassandraProcess(Process process, Path dir, int nativePort) {
    this.process = process;
    this.dir = dir;
    this.nativePort = nativePort;
  }

  /** The JVM's own java if it is 17, else {@code TILEKV_CASSANDRA_JAVA}, {@code java} on the PATH, /usr/lib/jvm. */
  static Optional<Path> findJava17() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of(System.getProperty("java.home"), "bin", "java"));
    Optional.ofNullable(System.getenv("TILEKV_CASSANDRA_JAVA")).ifPresent(j -> candidates.add(Path.of(j)));
    for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "java"));
      }
    }
    try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      jvms.sorted().forEach(j -> candidates.add(j.resolve("bin").resolve("java")));
    } catch (IOException e) {
      // no /usr/lib/jvm: fine
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c) && isJava17(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Reads the JDK's {@code release} file instead of starting a JVM to ask. */
  private static boolean isJava17(Path java) {
    try {
      Path home = java.toRealPath().getParent().getParent();
      Path release = home.resolve("release");
      if (!Files.isReadable(release)) {
        return false;
      }
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return v.equals("17") || v.startsWith("17.");
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The default superuser of a node with PasswordAuthenticator (test credentials only). */
  static final String USER = "cassandra";
  static final String PASSWORD = "cassandra";

  static CassandraProcess start(Path java) {
    long t0 = System.nanoTime();
    List<String> classpath = new ArrayList<>();
    for (String line : CassandraServer.resourceLines("cassandra.classpath")) {
      for (String jar : line.split(File.pathSeparator)) {
        if (!jar.isBlank()) {
          if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("Cassandra jar " + jar + " is missing: rebuild servers/cassandra");
          }
          classpath.add(jar);
        }
      }
    }
    Path dir;
    Process process;
    int nativePort;
    try {
      dir = Files.createTempDirectory("tilekv-cassandra-");
      for (String sub : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs", "triggers")) {
        Files.createDirectories(dir.resolve(sub));
      }
      int[] ports = StoreFixture.freePorts(2);
      nativePort = ports[0];
      Files.writeString(dir.resolve("cassandra.yaml"), yaml(dir, nativePort, ports[1]));
      Path logback = dir.resolve("logback.xml");
      Files.writeString(logback, String.join("\n", CassandraServer.resourceLines("logback.xml")));
      List<String> cmd = new ArrayList<>();
      cmd.add(java.toString());
      cmd.addAll(CassandraServer.resourceLines("jvm17.options"));
      cmd.addAll(List.of("-Xms512M", "-Xmx512M", "-XX:MaxDirectMemorySize=256M",
          "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(), "-Dcassandra-foreground=yes",
          "-Dcassandra.logdir=" + dir.resolve("logs"), "-Dcassandra.storagedir=" + dir,
          "-Dcassandra.triggers_dir=" + dir.resolve("triggers"), "-Dlogback.configurationFile=" + logback,
          "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=1000",
          "-Dcassandra.superuser_setup_delay_ms=0",
          "-cp", String.join(File.pathSeparator, classpath), "org.apache.cassandra.service.CassandraDaemon"));
      process = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start Cassandra", e);
    }
    CassandraProcess node = new CassandraProcess(process, dir, nativePort);
    try {
      node.awaitCql();
      node.awaitLogin();
    } catch (RuntimeException e) {
      String tail = node.logTail();
      node.close();
      throw new IllegalStateException(e.getMessage() + "\n--- Cassandra log tail ---\n" + tail, e);
    }
    lastStartSeconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("Cassandra 5 node (pid %d) answers CQL on 127.0.0.1:%d after %.1f s%n", process.pid(),
        nativePort, lastStartSeconds);
    return node;
  }

  @Override
  public String baseUri() {
    return "cassandra://127.0.0.1:" + nativePort + "?localDc=datacenter1&username=" + USER + "&password=" + PASSWORD;
  }

  @Override
  public boolean checksPasswords() {
    return true;
  }

  /** CQL answers before the default superuser exists: wait until it can log in. */
  private void awaitLogin() {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    RuntimeException last = null;
    while (System.currentTimeMillis() < deadline) {
      try (com.datastax.oss.driver.api.core.CqlSession session = com.datastax.oss.driver.api.core.CqlSession.builder()
          .addContactPoint(new java.net.InetSocketAddress("127.0.0.1", nativePort))
          .withLocalDatacenter("datacenter1").withAuthCredentials(USER, PASSWORD).build()) {
        return;
      } catch (RuntimeException e) {
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
    throw new IllegalStateException("the default superuser could not log in within " + READY_TIMEOUT_MS + " ms", last);
  }

  /** SIGTERM, then SIGKILL after 30 s; then the data directory goes. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  private void awaitCql() {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited with code " + process.exitValue() + " before CQL was ready");
      }
      if (answersOptions(nativePort)) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Cassandra", e);
      }
    }
    throw new IllegalStateException("Cassandra did not answer CQL within " + READY_TIMEOUT_MS / 1000 + " s");
  }

  /** A CQL v4 OPTIONS frame; a node that is ready answers SUPPORTED (opcode 6). */
  static boolean answersOptions(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      s.setSoTimeout(2_000);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0x04, 0, 0, 0, 0x05, 0, 0, 0, 0});
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] header = new byte[9];
      in.readFully(header);
      return (header[0] & 0xff) == 0x84 && header[4] == 0x06;
    } catch (IOException e) {
      return false;
    }
  }

  private String logTail() {
    StringBuilder sb = new StringBuilder();
    for (Path log : List.of(dir.resolve("logs").resolve("system.log"), dir.resolve("stdout.log"))) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        sb.append("== ").append(log.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> sb.append(l).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        sb.append("(no ").append(log.getFileName()).append(")\n");
      }
    }
    return sb.toString();
  }

  private static String yaml(Path dir, int nativePort, int storagePort) {
    return String.join("\n",
        "cluster_name: tilekv-test",
        "num_tokens: 1",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        // Passwords on, so that the adapter's AUTHENTICATION path meets a real node (the default
        // superuser cassandra/cassandra, created at once: superuser_setup_delay_ms=0).
        "authenticator: PasswordAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + storagePort + "\"",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "native_transport_port: " + nativePort,
        "start_native_transport: true",
        "endpoint_snitch: SimpleSnitch",
        "data_file_directories: [ " + dir.resolve("data") + " ]",
        "commitlog_directory: " + dir.resolve("commitlog"),
        "saved_caches_directory: " + dir.resolve("saved_caches"),
        "hints_directory: " + dir.resolve("hints"),
        "cdc_raw_directory: " + dir.resolve("cdc_raw"),
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "commitlog_segment_size: 8MiB",
        "memtable_heap_space: 64MiB",
        "memtable_offheap_space: 64MiB",
        "key_cache_size: 8MiB",
        "file_cache_size: 32MiB",
        "concurrent_reads: 8",
        "concurrent_writes: 8",
        "concurrent_counter_writes: 8",
        "concurrent_compactors: 1",
        "auto_snapshot: false",
        "dynamic_snitch: false",
        "");
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp directory
    }
  }

}
