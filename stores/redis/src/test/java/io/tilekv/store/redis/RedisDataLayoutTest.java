package io.tilekv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.redis.internal.RedisTileKeys;
import io.tilekv.store.redis.servers.RawRedis;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.store.redis.servers.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the store leaves in Redis: one string per tile, its expiry, its hash slot. */
@ExtendWith(RedisServers.class)
class RedisDataLayoutTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  static Stream<RedisTarget> targets() {
    return Stream.of(RedisServers.standalone(), RedisServers.cluster());
  }

  private static String dataset() {
    return "layout_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
  }

  private static Key tile(String entity, long size, long start) {
    return TileKeys.key(entity.getBytes(StandardCharsets.UTF_8), size, start);
  }

  @ParameterizedTest
  @MethodSource("targets")
  void aTileIsOneStringWhoseExpiryIsSetByTheSameWrite(RedisTarget target) throws Exception {
    String ds = dataset();
    Key expiring = tile("alice", HOUR, 0);
    Key permanent = tile("alice", HOUR, HOUR);
    try (KVStore store = target.open(); RawRedis raw = new RawRedis(target)) {
      store.multiPut(ds, List.of(Entry.of(expiring, new byte[] {1, 2}, Duration.ofHours(2)),
          Entry.of(permanent, new byte[] {3}))).get();

      byte[] k = RedisTileKeys.redisKey(ds, expiring);
      assertThat(raw.sync().get(k)).containsExactly(1, 2);
      assertThat(raw.sync().pttl(k)).isBetween(Duration.ofHours(2).minusMinutes(1).toMillis(), Duration.ofHours(2).toMillis());
      assertThat(raw.sync().pttl(RedisTileKeys.redisKey(ds, permanent))).as("no TTL: no expiry").isEqualTo(-1L);

      // Overwriting without a TTL makes the tile permanent, as SPEC's whole-entry overwrite says.
      store.multiPut(ds, List.of(Entry.of(expiring, new byte[] {9}))).get();
      assertThat(raw.sync().pttl(k)).isEqualTo(-1L);
    }
  }

  @Test
  void inAClusterTilesOfOnePartitionShareASlotAndManyPartitionsSpreadOverEveryMaster() throws Exception {
    RedisTarget target = RedisServers.cluster();
    String ds = dataset();
    List<Entry> entries = new ArrayList<>();
    for (int entity = 0; entity < 200; entity++) {
      for (long start = 0; start < 6 * HOUR; start += HOUR) {
        entries.add(Entry.of(tile("e" + entity, HOUR, start), new byte[] {(byte) entity}));
      }
    }
    try (KVStore store = target.open(); RawRedis raw = new RawRedis(target)) {
      store.multiPut(ds, entries).get();

      for (int entity = 0; entity < 200; entity++) {
        Set<Long> slots = new HashSet<>();
        for (long start = 0; start < 6 * HOUR; start += HOUR) {
          slots.add(raw.sync().clusterKeyslot(RedisTileKeys.redisKey(ds, tile("e" + entity, HOUR, start))));
        }
        assertThat(slots).as("slots of entity e%d", entity).hasSize(1);
        assertThat(slots.iterator().next()).isEqualTo(
            (long) SlotHash.getSlot(RedisTileKeys.redisKey(ds, tile("e" + entity, HOUR, 0))));
      }
      assertThat(raw.keysPerMaster()).as("keys on each master").allSatisfy(n -> assertThat(n).isPositive());
    }
  }

  @ParameterizedTest
  @MethodSource("targets")
  void aFetcherSizedReadAcrossSlotsAnswersInRequestOrder(RedisTarget target) throws Exception {
    String ds = dataset();
    long day = 24 * HOUR;
    long fiveMin = HOUR / 12;
    List<Entry> written = new ArrayList<>();
    List<Key> request = new ArrayList<>();
    // 24 tiles of 3 layers (3 partitions, so up to 3 slots), interleaved, with misses and a duplicate.
    for (int i = 0; i < 8; i++) {
      for (Key k : List.of(tile("bob", fiveMin, i * fiveMin), tile("bob", HOUR, i * HOUR), tile("bob", day, i * day))) {
        request.add(k);
        if (i % 3 != 2) {
          written.add(Entry.of(k, ("v" + k.sort() + "/" + TileKeys.tileSize(k)).getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    request.add(request.get(0));
    try (KVStore store = target.open()) {
      store.multiPut(ds, written).get();
      List<Optional<byte[]>> got = store.multiGet(ds, request).get();

      assertThat(got).hasSize(request.size());
      for (int i = 0; i < request.size(); i++) {
        Key k = request.get(i);
        Optional<String> expected = written.stream().filter(e -> e.key().equals(k)).findFirst()
            .map(e -> new String(e.value(), StandardCharsets.UTF_8));
        assertThat(got.get(i).map(v -> new String(v, StandardCharsets.UTF_8))).as("result %d (%s)", i, k).isEqualTo(expected);
      }
    }
  }
}
