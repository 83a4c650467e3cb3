package io.tilekv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryKVStoreTest {
  private Instant now = Instant.parse("2024-01-15T14:32:00Z");
  private final Clock clock = new Clock() {
    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  };
  private final MemoryKVStore store = new MemoryKVStore(clock);

  private static Key key(String p, long sort) {
    return Key.of(p.getBytes(), sort);
  }

  @Test
  void theMemorySchemeOpensAFreshEmptyStoreAndRefusesOptions() {
    try (KVStore a = KVStores.open("memory:"); KVStore b = KVStores.open("memory:")) {
      a.multiPut("tiles", List.of(Entry.of(key("p", 0), new byte[] {1}))).join();
      assertThat(b.multiGet("tiles", List.of(key("p", 0))).join()).containsExactly(Optional.empty());
      assertThat(a.capabilities().capabilities()).containsExactlyInAnyOrder(Capability.RANGE_SCAN, Capability.TTL);
    }
    assertThatThrownBy(() -> KVStores.open("memory:?size=1")).isInstanceOfSatisfying(KVStoreException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG));
  }

  @Test
  void ttlsFollowTheInjectedClockToTheMillisecond() {
    store.multiPut("tiles", List.of(Entry.of(key("p", 0), new byte[] {1}, Duration.ofMinutes(1)))).join();
    now = now.plusMillis(59_999);
    assertThat(store.multiGet("tiles", List.of(key("p", 0))).join().get(0)).isPresent();
    now = now.plusMillis(1);
    assertThat(store.multiGet("tiles", List.of(key("p", 0))).join().get(0)).isEmpty();
    assertThat(store.scan("tiles", key("p", 0).partition(), Long.MIN_VALUE, Long.MAX_VALUE).join()).isEmpty();
  }

  @Test
  void moreKeysThanOneBatchAreReadInRequestOrder() {
    int n = MemoryKVStore.MAX_BATCH * 2 + 7;
    List<Entry> entries = java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> Entry.of(key("p", i), new byte[] {(byte) i})).toList();
    store.multiPut("tiles", entries).join();
    List<Key> keys = new java.util.ArrayList<>(entries.stream().map(Entry::key).toList());
    java.util.Collections.reverse(keys);
    List<Optional<byte[]>> got = store.multiGet("tiles", keys).join();
    assertThat(got).hasSize(n);
    assertThat(got.get(0)).hasValueSatisfying(v -> assertThat(v).containsExactly((byte) (n - 1)));
    assertThat(store.scan("tiles", key("p", 0).partition(), 5, 10).join()).extracting(e -> e.key().sort())
        .containsExactly(5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void returnedValuesAreCopiesSoCallersCannotChangeTheStore() {
    store.multiPut("tiles", List.of(Entry.of(key("p", 0), new byte[] {1}))).join();
    store.multiGet("tiles", List.of(key("p", 0))).join().get(0).orElseThrow()[0] = 9;
    assertThat(store.multiGet("tiles", List.of(key("p", 0))).join().get(0).orElseThrow()).containsExactly(1);
  }

  @Test
  void afterCloseEveryOperationFailsWithClosed() {
    store.close();
    store.close();
    for (var f : List.of(store.multiGet("tiles", List.of(key("p", 0))), store.createDataset("tiles"),
        store.multiPut("tiles", List.of(Entry.of(key("p", 0), new byte[0]))), store.scan("tiles", new byte[0], 0, 1))) {
      assertThatThrownBy(f::join).satisfies(t -> assertThat(KVStoreException.unwrap(t).kind()).isEqualTo(Kind.CLOSED));
    }
  }
}
