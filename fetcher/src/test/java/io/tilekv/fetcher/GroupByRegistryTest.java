package io.tilekv.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.fetcher.support.Purchases;
import io.tilekv.tiling.GroupByException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupByRegistryTest {
  @TempDir
  Path dir;

  private static final String OTHER = Purchases.YAML.replace("name: purchases", "name: refunds");

  @Test
  void loadsEveryGroupByFileOfADirectoryByName() throws IOException {
    Files.writeString(dir.resolve("purchases.yaml"), Purchases.YAML);
    Files.writeString(dir.resolve("refunds.yml"), OTHER);
    Files.writeString(dir.resolve("README.md"), "not a GroupBy");

    GroupByRegistry registry = GroupByRegistry.load(dir);

    assertThat(registry.names()).containsExactly("purchases", "refunds");
    assertThat(registry.get("refunds").featureNames()).isEqualTo(Purchases.groupBy().featureNames());
  }

  @Test
  void twoFilesWithOneNameAreAnErrorNamingBothFiles() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), Purchases.YAML);
    Files.writeString(dir.resolve("b.yaml"), Purchases.YAML);

    assertThatThrownBy(() -> GroupByRegistry.load(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purchases").hasMessageContaining("a.yaml").hasMessageContaining("b.yaml");
  }

  @Test
  void anInvalidFileIsAnErrorNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), "name: broken\nkeys: [nope]\n");

    assertThatThrownBy(() -> GroupByRegistry.load(dir)).isInstanceOf(GroupByException.class)
        .hasMessageContaining("broken.yaml");
  }

  @Test
  void anUnknownNameIsAnErrorListingTheKnownNames() {
    GroupByRegistry registry = GroupByRegistry.of(Purchases.groupBy());

    assertThatThrownBy(() -> registry.get("refunds")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("refunds").hasMessageContaining("purchases");
    assertThatThrownBy(() -> GroupByRegistry.of(Purchases.groupBy(), Purchases.groupBy()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purchases");
  }
}
