package io.tilekv.store.hbase.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A JDK 17 {@code java} for the HBase child JVM: HBase 2.6 is tested on 17, not on newer JDKs.
 * The test JVM's own when it is 17; else {@code JAVA17_HOME} (or system property
 * {@code tilekv.java17.home}); else a {@code *17*} JDK under /usr/lib/jvm or /Library/Java.
 */
final class JavaHomes {
  private JavaHomes() {}

  static Path java17() {
    if (Runtime.version().feature() == 17) {
      return Path.of(System.getProperty("java.home"), "bin", "java");
    }
    String given = System.getProperty("tilekv.java17.home", System.getenv("JAVA17_HOME"));
    if (given != null && Files.isExecutable(Path.of(given, "bin", "java"))) {
      return Path.of(given, "bin", "java");
    }
    for (String root : List.of("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines")) {
      Optional<Path> found = find(Path.of(root));
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new IllegalStateException("HBase 2.6 needs a JDK 17; this JVM is " + Runtime.version()
        + ": set JAVA17_HOME");
  }

  private static Optional<Path> find(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(root)) {
      return homes.filter(h -> h.getFileName().toString().contains("17"))
          .flatMap(h -> Stream.of(h.resolve("bin/java"), h.resolve("Contents/Home/bin/java")))
          .filter(Files::isExecutable).sorted().findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
