package io.tilekv.writer;

import io.tilekv.writer.internal.Flags;
import io.tilekv.writer.internal.RestSubmitter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code write --cluster HOST:PORT}: uploads the job jar to a running Flink cluster and runs the
 * writer there with the remaining flags; the job's main runs in the JobManager, detached.
 */
final class ClusterSubmission {
  private ClusterSubmission() {}

  static int run(String[] args, List<String> ownFlags, PrintStream out, PrintStream err) {
    try {
      Flags f = Flags.parse(args);
      Path jar = jobJar(f.get("job-jar"));
      List<String> forwarded = strip(args, ownFlags);
      RestSubmitter rest = new RestSubmitter(f.get("cluster"));
      String jarId = rest.upload(jar);
      String jobId = rest.run(jarId, TileWriterJob.class.getName(), forwarded, 0);
      out.println("submitted job " + jobId + " to " + f.get("cluster") + " (jar " + jar.getFileName() + ")");
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("write: " + e.getMessage());
      err.println(WriterCommand.USAGE);
      return 2;
    } catch (IOException e) {
      err.println("write: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("write: interrupted");
      return 1;
    }
  }

  /** {@code args} without the flags (and their values) that only the client reads. */
  static List<String> strip(String[] args, List<String> flags) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
      if (name != null && flags.contains(name)) {
        if (!a.contains("=") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
          i++;
        }
        continue;
      }
      out.add(a);
    }
    return out;
  }

  private static Path jobJar(String given) throws IOException {
    String path = given != null ? given : System.getenv("TILEKV_JOB_JAR");
    if (path != null) {
      Path p = Path.of(path);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("no job jar at " + p);
      }
      return p;
    }
    Path target = Path.of(System.getProperty("tilekv.home", "."), "flink-writer", "target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "tilekv-flink-writer-*-job.jar")) {
        for (Path p : jars) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("no job jar: give --job-jar PATH or TILEKV_JOB_JAR, or build it with"
        + " mvn -pl flink-writer package -DskipTests");
  }
}
