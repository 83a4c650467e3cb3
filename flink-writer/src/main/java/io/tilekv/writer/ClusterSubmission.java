package io.tilekv.writer;

import io.tilekv.writer.internal.RestSubmitter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code write --cluster HOST:PORT}: uploads the job jar to a running Flink cluster and runs the
 * writer there with the remaining options; the job's main runs in the JobManager, detached.
 */
final class ClusterSubmission {
  private ClusterSubmission() {}

  /**
   * Submits the job jar with {@code args} and returns what to tell the user.
   *
   * @throws IllegalArgumentException for a missing job jar
   * @throws IOException when the cluster cannot be reached or refuses the job
   */
  static String submit(String address, Path jobJar, List<String> args) throws IOException {
    Path jar = jobJar(jobJar);
    RestSubmitter rest = new RestSubmitter(address);
    try {
      String jarId = rest.upload(jar);
      String jobId = rest.run(jarId, TileWriterJob.class.getName(), args, 0);
      return "submitted job " + jobId + " to " + address + " (jar " + jar.getFileName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Path jobJar(Path given) throws IOException {
    String path = given != null ? given.toString() : System.getenv("TILEKV_JOB_JAR");
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
