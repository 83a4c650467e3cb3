package io.tilekv.store.hbase.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the tests' standalone HBase by hand, e.g. for {@code bin/tilekv conformance}:
 * {@code mvn -q -pl stores/hbase test-compile exec:java -Dexec.mainClass=io.tilekv.store.hbase.servers.HBaseServerMain
 * -Dexec.args=/tmp/hbase.uri}. Prints the store URI (and writes it to the file given), and stops
 * HBase when that file is deleted or the JVM is interrupted.
 */
public final class HBaseServerMain {
  private HBaseServerMain() {}

  public static void main(String[] args) throws Exception {
    Path marker = args.length > 0 ? Path.of(args[0]) : null;
    try (HBaseServer.Cluster cluster = HBaseServer.start()) {
      System.out.println(cluster.uri());
      if (marker == null) {
        Thread.sleep(Long.MAX_VALUE);
      }
      Files.writeString(marker, cluster.uri());
      while (Files.exists(marker)) {
        Thread.sleep(200);
      }
    }
    System.exit(0);
  }
}
