package com.example.tilekv.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreProviderTest {
  @TempDir Path dir;

  @Test
  void aSqliteUriOpensAStoreInThatFile() {
    Path file = dir.resolve("tiles.db");
    try (KVStore store = KVStores.open("sqlite:" + file + "?timeout=2s&readers=3")) {
      assertThat(store.name()).isEqualTo("sqlite:" + file);
      assertThat(file).exists();
    }
  }

  @Test
  void anUnknownOptionIsInvalidConfigNamingIt() {
    assertThatThrownBy(() -> KVStores.open("sqlite:" + dir.resolve("t.db") + "?readerz=3"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG);
          assertThat(e).hasMessageContaining("readerz");
        });
  }

  @Test
  void aBadOptionValueIsInvalidConfig() {
    assertThatThrownBy(() -> KVStores.open("sqlite:" + dir.resolve("t.db") + "?readers=0"))
        .isInstanceOfSatisfying(KVStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG));
  }

  @Test
  void aUriWithoutAPathIsInvalidConfig() {
    assertThatThrownBy(() -> KVStores.open("sqlite:"))
        .isInstanceOfSatisfying(KVStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG));
  }
}
