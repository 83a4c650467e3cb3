package io.tilekv.writer.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink every writer test runs on: one TaskManager with two slots (a parallelism-2 job fits). */
public final class MiniFlink {
  private MiniFlink() {}

  /** For a {@code @RegisterExtension static} field: one cluster per test class. */
  public static MiniClusterExtension cluster() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
  }
}
