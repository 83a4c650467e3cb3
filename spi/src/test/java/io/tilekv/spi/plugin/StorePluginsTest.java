package io.tilekv.spi.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePluginsTest {
  @TempDir
  Path tmp;

  @Test
  void twoPluginsBundlingDifferentVersionsOfOneClassEachSeeTheirOwn() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "a", "v1");
    TestPlugins.versionPlugin(dir, "b", "v2");

    try (StorePlugins plugins = StorePlugins.load(List.of(dir));
        KVStore a = plugins.open("a:");
        KVStore b = KVStores.open("b:", plugins)) {
      assertThat(a.name()).isEqualTo("a:v1");
      assertThat(b.name()).isEqualTo("b:v2");
      assertThat(plugins.schemes()).containsOnlyKeys("a", "b");
      assertThat(a.getClass().getClassLoader()).isNotSameAs(b.getClass().getClassLoader());
    }
  }

  @Test
  void aPluginSeesTheSpiAndTheJdkButNotTheApplicationClassPath() throws Exception {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "a", "v1");
    try (StorePlugins plugins = StorePlugins.load(List.of(dir))) {
      ClassLoader loader = plugins.provider("a").map(p -> ((PluginProvider) p).loader()).orElseThrow();

      assertThat(loader.loadClass(KVStoreProvider.class.getName())).isSameAs(KVStoreProvider.class);
      assertThat(loader.loadClass("io.tilekv.spi.support.AbstractKVStore").getClassLoader())
          .isSameAs(KVStoreProvider.class.getClassLoader());
      assertThat(loader.loadClass("java.sql.Timestamp")).isSameAs(java.sql.Timestamp.class);
      for (String appClass : List.of("org.assertj.core.api.Assertions", "org.junit.jupiter.api.Test",
          "net.jqwik.api.Arbitraries")) {
        assertThatThrownBy(() -> loader.loadClass(appClass)).isInstanceOf(ClassNotFoundException.class);
      }
      assertThat(loader.getResource("org/junit/jupiter/api/Test.class")).isNull();
      assertThat(java.util.Collections.list(loader.getResources(Plugin.SERVICE_FILE))).hasSize(1);
    }
  }

  @Test
  void aStoreIsCreatedWithThePluginsLoaderAsTheContextClassLoader() throws Exception {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "a", "v1");
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (StorePlugins plugins = StorePlugins.load(List.of(dir)); KVStore a = plugins.open("a:")) {
      Object seen = a.getClass().getField("contextLoader").get(a);

      assertThat(seen).isSameAs(a.getClass().getClassLoader());
      assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
  }

  @Test
  void oneSchemeInTwoPluginsFailsNamingBothFiles() {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    TestPlugins.versionPlugin(first, "a", "v1");
    TestPlugins.versionPlugin(second, "a", "v2");

    assertThatThrownBy(() -> StorePlugins.load(List.of(first, second)))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining("'a'")
        .hasMessageContaining(first.resolve("a").resolve("a-adapter.jar").toString())
        .hasMessageContaining(second.resolve("a").resolve("a-adapter.jar").toString());
  }

  @Test
  void aPluginSchemeThatTheClassPathAlreadyHasFailsNamingThePlugin() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "echo", "v1");

    // The spi tests register a provider of "echo" on the class path.
    assertThatThrownBy(() -> StorePlugins.load(List.of(dir)))
        .isInstanceOf(KVStoreException.class)
        .hasMessageContaining("'echo'")
        .hasMessageContaining(dir.resolve("echo").resolve("echo-adapter.jar").toString())
        .hasMessageContaining("EchoStoreProvider");
  }

  @Test
  void aJarWithoutAProviderFailsNamingTheFile() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.jar(dir.resolve("lonely.jar"), Map.of("com.example.Lonely",
        "package com.example; public class Lonely {}"), null, List.of());

    assertThatThrownBy(() -> StorePlugins.load(List.of(dir)))
        .isInstanceOf(KVStoreException.class)
        .hasMessageContaining(dir.resolve("lonely.jar").toString())
        .hasMessageContaining("no store provider");
  }

  @Test
  void aCorruptJarFailsNamingTheFile() throws IOException {
    Path dir = tmp.resolve("plugins");
    Path folder = TestPlugins.versionPlugin(dir, "a", "v1");
    Path good = folder.resolve("a-adapter.jar");
    byte[] bytes = Files.readAllBytes(good);
    Files.write(folder.resolve("broken.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> StorePlugins.load(List.of(dir)))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining(folder.resolve("broken.jar").toString());
  }

  @Test
  void aProviderNeedingAnApplicationClassFailsNamingThePlugin() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.jar(dir.resolve("needy.jar"), Map.of("com.example.Needy", """
        package com.example;
        public class Needy extends io.tilekv.spi.plugin.NeedyBase {}
        """, "io.tilekv.spi.plugin.NeedyBase", "package io.tilekv.spi.plugin; public abstract class NeedyBase"
        + " implements io.tilekv.spi.KVStoreProvider { public String name() { return \"needy\"; }"
        + " public io.tilekv.spi.KVStore create(io.tilekv.spi.StoreConfig c) { return null; } }"),
        "com.example.Needy", List.of(TestPlugins.spiLocation()));
    // The jar also holds a class in an SPI package, which only the SPI's loader may define: the
    // plugin cannot see it, as it cannot see any class of the application.
    assertThatThrownBy(() -> StorePlugins.load(List.of(dir)))
        .isInstanceOf(KVStoreException.class)
        .hasMessageContaining(dir.resolve("needy.jar").toString());
  }

  @Test
  void aPluginBuiltAgainstANewerSpiFailsWithATypedErrorNotAStackOfLinkageErrors() {
    Path dir = tmp.resolve("plugins");
    // Compiled against an SPI class this SPI does not have (the stub is left out of the jar).
    Path stub = TestPlugins.jar(tmp.resolve("stub/newer-spi.jar"), Map.of("io.tilekv.spi.support.FromTheFuture",
        "package io.tilekv.spi.support; public final class FromTheFuture { public static void use() {} }"),
        null, List.of());
    TestPlugins.jar(dir.resolve("future/future.jar"), Map.of("com.example.Future", """
        package com.example;
        public final class Future implements io.tilekv.spi.KVStoreProvider {
          public String name() { return "future"; }
          public io.tilekv.spi.KVStore create(io.tilekv.spi.StoreConfig c) {
            io.tilekv.spi.support.FromTheFuture.use();
            return null;
          }
        }
        """), "com.example.Future", List.of(TestPlugins.spiLocation(), stub));
    try (StorePlugins plugins = StorePlugins.load(List.of(dir))) {
      assertThatThrownBy(() -> io.tilekv.spi.KVStores.open("future:", plugins))
          .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
          .hasMessageContaining("built against another version of io.tilekv.spi")
          .hasMessageContaining("FromTheFuture");
    }
  }

  @Test
  void aMissingDirectoryAndAZipAreRefusedByName() throws IOException {
    Path absent = tmp.resolve("absent");
    assertThatThrownBy(() -> StorePlugins.load(List.of(absent))).hasMessageContaining(absent.toString());

    Path dir = Files.createDirectories(tmp.resolve("plugins"));
    Files.write(dir.resolve("redis-plugin.zip"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> StorePlugins.load(List.of(dir))).hasMessageContaining("redis-plugin.zip")
        .hasMessageContaining("unpack");
  }

  @Test
  void installedPluginsAreSeenByEveryLookupUntilUninstalled() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "a", "v1");
    try (StorePlugins plugins = StorePlugins.load(List.of(dir))) {
      StorePlugins previous = KVStores.installPlugins(plugins);
      try (KVStore a = KVStores.open("a:")) {
        assertThat(a.name()).isEqualTo("a:v1");
        assertThat(KVStores.providers(getClass().getClassLoader())).containsKeys("a", "echo");
      } finally {
        KVStores.installPlugins(previous);
      }
      assertThatThrownBy(() -> KVStores.open("a:")).hasMessageContaining("no store provider named 'a'");
    }
  }

  @Test
  void directoriesComeFromTheOptionThenTheEnvironmentThenTheDefaultIfItExists() throws IOException {
    Path option = tmp.resolve("option");
    Path env1 = tmp.resolve("env1");
    Path env2 = tmp.resolve("env2");
    Path home = Files.createDirectories(tmp.resolve("home"));

    assertThat(StorePlugins.directories(List.of(option), env1 + java.io.File.pathSeparator + env2 + java.io.File.pathSeparator, home))
        .containsExactly(option, env1, env2, home);
    assertThat(StorePlugins.directories(List.of(), null, tmp.resolve("absent"))).isEmpty();
  }

  @Test
  void theSameFolderGivenTwiceLoadsOnce() {
    Path dir = tmp.resolve("plugins");
    TestPlugins.versionPlugin(dir, "a", "v1");
    try (StorePlugins plugins = StorePlugins.load(List.of(dir, dir.resolve("..").resolve("plugins")))) {
      assertThat(plugins.schemes()).containsOnlyKeys("a");
      assertThat(plugins.provider("a").orElseThrow().create(new StoreConfig("a", Map.of(), java.util.Set.of())).name())
          .isEqualTo("a:v1");
    }
  }
}
