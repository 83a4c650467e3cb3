package io.tilekv.writer.servers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process in a child JVM started from a classpath that a {@code servers/*} module
 * materializes (a resource listing absolute jar paths), and the small helpers its fixtures share:
 * free loopback ports, resources, log tails, stopping and deleting.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private volatile boolean closed;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java jvmArgs -cp classpath mainClass args} with output to {@code log}. */
  static ChildJvm start(String name, List<String> classpath, List<String> jvmArgs, String mainClass,
      List<String> args, Path workDir, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath));
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      return new ChildJvm(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Runs a short-lived tool JVM to its end; fails with its output unless it exits 0. */
  static void runTool(String name, List<String> classpath, List<String> jvmArgs, String mainClass,
      List<String> args, Path workDir, Path log, long timeoutSeconds) {
    ChildJvm tool = start(name, classpath, jvmArgs, mainClass, args, workDir, log);
    try {
      if (!tool.process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || tool.process.exitValue() != 0) {
        String tail = tail(log, 30);
        tool.close();
        throw new IllegalStateException(name + " failed:\n" + tail);
      }
    } catch (InterruptedException e) {
      tool.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the log tail if the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue() + ":\n" + tail(log, 40));
    }
  }

  String logTail() {
    return tail(log, 40);
  }

  /** SIGKILL: a crash, not a shutdown. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after 20 s. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The jars listed in classpath resource {@code resource}; fails if one is missing. */
  static List<String> classpath(String resource, String module) {
    List<String> jars = new ArrayList<>();
    for (String line : resourceText(resource, module).split("\n")) {
      for (String jar : line.trim().split(File.pathSeparator)) {
        if (!jar.isBlank()) {
          if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("jar " + jar + " is missing: rebuild " + module);
          }
          jars.add(jar);
        }
      }
    }
    return jars;
  }

  static String resourceText(String resource, String module) {
    try (InputStream in = ChildJvm.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing: build " + module
            + " and add it as a test dependency");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Non-comment lines of a resource, e.g. JVM options. */
  static List<String> resourceLines(String resource, String module) {
    List<String> out = new ArrayList<>();
    for (String line : resourceText(resource, module).split("\n")) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  /** {@code n} distinct free ports on 127.0.0.1 (held together while picked). */
  static int[] freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          // closing a probe socket
        }
      }
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no " + file + ")";
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temporary directory
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
