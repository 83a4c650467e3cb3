package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.EchoStoreProvider.EchoStore;
import io.tilekv.spi.KVStoreException.Kind;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KVStoresTest {

  private static StoreConfig configOf(String uri) {
    return ((EchoStore) KVStores.open(uri)).config();
  }

  @Test
  void aUriGivesTheProviderItsLocationAndDecodedQueryOptions() {
    StoreConfig c = configOf("echo:/var/lib/tiles?timeout=5s&mode=a%20b");
    assertThat(c.provider()).isEqualTo("echo");
    assertThat(c.options()).containsExactlyInAnyOrderEntriesOf(
        Map.of("location", "/var/lib/tiles", "timeout", "5s", "mode", "a b"));
    assertThat(configOf("ECHO://127.0.0.1:6379").options()).containsExactly(Map.entry("location", "127.0.0.1:6379"));
    assertThat(KVStores.open("echo", Map.of("location", "x"))).isInstanceOf(EchoStore.class);
  }

  @Test
  void anUnknownSchemeIsInvalidConfigListingTheAvailableProviders() {
    assertThatThrownBy(() -> KVStores.open("nosuch://host"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining("'nosuch'").hasMessageContaining("[echo]");
    assertThatThrownBy(() -> KVStores.open("no scheme here"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining("[echo]");
  }

  @Test
  void aMissingRequiredOptionAnUnknownOptionAndARepeatedOptionAreNamed() {
    assertInvalid("echo:", "'location'");
    assertInvalid("echo:/x?colour=red", "'colour'");
    assertInvalid("echo:/x?mode=a&mode=b", "'mode'");
  }

  @Test
  void aSecretNeverAppearsInErrorsOrInTheConfigsText() {
    StoreConfig c = configOf("echo:/x?password=hunter2&timeout=1s");
    assertThat(c.toString()).doesNotContain("hunter2").contains("password=****").contains("timeout=1s");
    assertNoSecret("echo:/x?password=hunter2&colour=red");
    assertNoSecret("echo:/x?password=hunter2&password=hunter2");
    assertNoSecret("echo//x?password=hunter2");
    assertNoSecret("nosuch:/x?password=hunter2");
  }

  @Test
  void twoProvidersWithOneNameFailFastNamingBothClasses(@TempDir Path tmp) throws IOException {
    URL first = servicesDir(tmp.resolve("a"), EchoStoreProvider.Twin.class);
    URL second = servicesDir(tmp.resolve("b"), EchoStoreProvider.OtherTwin.class);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {first, second}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> KVStores.providers(loader))
          .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
          .hasMessageContaining("twin")
          .hasMessageContaining(EchoStoreProvider.Twin.class.getName())
          .hasMessageContaining(EchoStoreProvider.OtherTwin.class.getName());
      assertThatThrownBy(() -> KVStores.open("echo:/x", loader)).isInstanceOf(KVStoreException.class);
    }
  }

  private static URL servicesDir(Path dir, Class<?> provider) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(KVStoreProvider.class.getName()), provider.getName() + "\n");
    return dir.toUri().toURL();
  }

  private static void assertInvalid(String uri, String named) {
    assertThatThrownBy(() -> KVStores.open(uri))
        .isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
          assertThat(e.storeName()).isEqualTo("echo");
        })
        .hasMessageContaining(named);
  }

  private static void assertNoSecret(String uri) {
    assertThatThrownBy(() -> KVStores.open(uri)).isInstanceOf(KVStoreException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }
}
