package io.tilekv.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStoreProviderTest {
  @TempDir
  Path dir;

  @Test
  void aRocksdbUriOpensAStoreInItsDirectoryThatDeclaresScanAndTtl() {
    try (KVStore store = KVStores.open("rocksdb:" + dir.resolve("db") + "?threads=2&sweep-interval=0s&block-cache-size=8m")) {
      assertThat(store.name()).isEqualTo("rocksdb:" + dir.resolve("db").toAbsolutePath());
      assertThat(store.capabilities().capabilities()).containsExactlyInAnyOrder(Capability.RANGE_SCAN, Capability.TTL);
      store.multiPut("tiles", List.of(Entry.of(Key.of(new byte[] {1}, 0), new byte[] {2}))).join();
    }
    assertThat(dir.resolve("db").resolve("CURRENT")).exists();
  }

  @Test
  void optionsParseWithTheirDefaults() {
    RocksDbSettings s = RocksDbSettings.from(new StoreConfig("rocksdb", Map.of("location", "/x", "threads", "3",
        "max-queued", "5", "timeout", "2s", "sweep-interval", "5m", "block-cache-size", "1g", "sync-writes", "true"), Set.of()));
    assertThat(s).isEqualTo(new RocksDbSettings(Path.of("/x"), 3, 5, Duration.ofSeconds(2), Duration.ofMinutes(5), 1L << 30, true, true));
    assertThat(RocksDbSettings.from(new StoreConfig("rocksdb", Map.of("location", "/x"), Set.of())))
        .isEqualTo(RocksDbSettings.defaults(Path.of("/x")));
  }

  @Test
  void aBadOrUnknownOptionOrAMissingLocationIsInvalidConfigNamingIt() {
    assertInvalid("rocksdb:" + dir + "?threads=0", "'threads'");
    assertInvalid("rocksdb:" + dir + "?block-cache-size=lots", "'block-cache-size'");
    assertInvalid("rocksdb:" + dir + "?timeout=0s", "'timeout'");
    assertInvalid("rocksdb:" + dir + "?cache=1", "'cache'");
    assertInvalid("rocksdb:", "'location'");
  }

  private static void assertInvalid(String uri, String named) {
    assertThatThrownBy(() -> KVStores.open(uri).close())
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining(named);
  }
}
