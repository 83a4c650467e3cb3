package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.spi.plugin.TestPlugins;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands find adapters dropped into a plugin directory, with no --jar. */
class PluginDirectoryTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path tmp;

  private int tilekv(String... args) {
    return CliRun.run(out, err, args);
  }

  @Test
  void conformanceFindsAnAdapterInTheInstallationsPluginDirectoryWithoutAnyOption() {
    Path home = tmp.resolve("tilekv");
    TestPlugins.echoPlugin(home.resolve("plugins"));
    String previous = System.setProperty(PluginOptions.HOME_PROPERTY, home.toString());
    try {
      int code = tilekv("conformance", "--contract-only", "--share-instance", "--store", "echo:kit");

      assertThat(code).as(out + "\n" + err).isZero();
      assertThat(out.toString()).contains("[contract] passed");
      assertThat(out.toString().lines().reduce((a, b) -> b).orElse("")).matches("[1-9]\\d* passed, 0 failed, \\d+ skipped");
    } finally {
      if (previous == null) {
        System.clearProperty(PluginOptions.HOME_PROPERTY);
      } else {
        System.setProperty(PluginOptions.HOME_PROPERTY, previous);
      }
    }
  }

  @Test
  void withoutThePluginDirectoryTheSchemeIsUnknownAndTheErrorSaysWhereAdaptersGo() {
    int code = tilekv("conformance", "--contract-only", "--store", "echo:kit");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no store provider named 'echo'", "plugin directory");
  }

  @Test
  void theDemoWritesWithTheFlinkWriterAndFetchesThroughAPluginGivenWithTheOption() {
    Path plugins = tmp.resolve("plugins");
    TestPlugins.echoPlugin(plugins);

    int code = tilekv("demo", "--events", "300", "--plugins", plugins.toString(), "--store", "echo:demo");

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("Every feature equals a brute-force aggregation");
  }

  @Test
  void aCorruptPluginJarStopsTheCommandNamingTheFile() throws IOException {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path broken = Files.write(plugins.resolve("broken.jar"), new byte[] {'P', 'K', 3, 4, 0, 0});

    int code = tilekv("fetch", "--plugins", plugins.toString(), "--groupby", "x.yaml", "--store", "memory:",
        "--key", "a=b");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(broken.toString());
  }

  @Test
  void aPluginSeesNeitherTileKvsModulesNorTheCommandLinesLibraries() {
    Path plugins = tmp.resolve("plugins");
    TestPlugins.echoPlugin(plugins);
    try (KVStore store = StorePlugins.shared(List.of(plugins)).open("echo:isolation")) {
      ClassLoader loader = store.getClass().getClassLoader();

      for (String hidden : List.of("io.tilekv.tiling.GroupBy", "io.tilekv.fetcher.Fetcher",
          "com.fasterxml.jackson.databind.ObjectMapper", "picocli.CommandLine",
          "org.apache.flink.api.common.JobID")) {
        assertThatThrownBy(() -> Class.forName(hidden, false, loader)).isInstanceOf(ClassNotFoundException.class);
      }
      assertThat(store.capabilities()).isNotNull();
    }
  }
}
