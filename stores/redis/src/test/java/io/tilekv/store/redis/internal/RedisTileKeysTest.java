package io.tilekv.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedisTileKeysTest {

  @Test
  void aKeyStartsWithEightHexDigitsInBracesSoTheTagIsAlwaysThoseDigits() {
    byte[] partition = "{user}42}{".getBytes(StandardCharsets.UTF_8);
    byte[] k = RedisTileKeys.redisKey("ice_cream", Key.of(partition, 7));

    String head = new String(k, 0, RedisTileKeys.TAG_BYTES, StandardCharsets.US_ASCII);
    assertThat(head).matches("\\{[0-9a-f]{8}\\}");
    // Redis Cluster hashes the first {...}: the tag, not the braces inside the partition.
    assertThat(SlotHash.getSlot(k)).isEqualTo(SlotHash.getSlot(RedisTileKeys.tag(k).getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void allTilesOfOnePartitionShareATagAndSlot() {
    byte[] partition = TileKeys.partition("customer-17".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1).toMillis());
    byte[] first = RedisTileKeys.redisKey("ice_cream", Key.of(partition, 0));
    for (long start : new long[] {Long.MIN_VALUE, -3_600_000, 3_600_000, 1_700_000_000_000L, Long.MAX_VALUE}) {
      byte[] k = RedisTileKeys.redisKey("ice_cream", Key.of(partition, start));
      assertThat(RedisTileKeys.tag(k)).isEqualTo(RedisTileKeys.tag(first));
      assertThat(SlotHash.getSlot(k)).isEqualTo(SlotHash.getSlot(first));
    }
  }

  @Test
  void theTagDependsOnDatasetAndPartitionButNotOnTheSortKey() {
    byte[] p = {1, 2, 3};
    String tag = RedisTileKeys.tag(RedisTileKeys.redisKey("set_a", Key.of(p, 1)));
    assertThat(RedisTileKeys.tag(RedisTileKeys.redisKey("set_b", Key.of(p, 1)))).isNotEqualTo(tag);
    assertThat(RedisTileKeys.tag(RedisTileKeys.redisKey("set_a", Key.of(new byte[] {1, 2, 4}, 1)))).isNotEqualTo(tag);
    assertThat(RedisTileKeys.tag(RedisTileKeys.redisKey("set_a", Key.of(p, 2)))).isEqualTo(tag);
  }

  @Test
  void distinctDatasetsAndKeysGiveDistinctRedisKeysThatParseBack() {
    // Tiny alphabets make parts collide often: the layout must keep them apart anyway.
    Random r = new Random(20_240_115);
    Map<ByteBuffer, String> seen = new HashMap<>();
    String[] datasets = {"abc", "abcd", "ab_c"};
    for (int i = 0; i < 20_000; i++) {
      String dataset = datasets[r.nextInt(datasets.length)];
      byte[] partition = new byte[r.nextInt(4)];
      for (int j = 0; j < partition.length; j++) {
        partition[j] = (byte) "{}a\0".charAt(r.nextInt(4));
      }
      Key key = Key.of(partition, r.nextInt(5) - 2);
      byte[] k = RedisTileKeys.redisKey(dataset, key);
      String identity = dataset + "/" + key;
      String previous = seen.putIfAbsent(ByteBuffer.wrap(k), identity);
      assertThat(previous).as("redis key of %s", identity).isIn(null, identity);
      assertThat(RedisTileKeys.parse(k)).isEqualTo(key);
      assertThat(RedisTileKeys.datasetOf(k)).isEqualTo(dataset);
    }
    assertThat(seen).hasSizeGreaterThan(100);
  }

  @Test
  void ttlsBecomeWholeMillisecondsRoundedUpAndCapped() {
    assertThat(ttl(Duration.ofNanos(1))).isEqualTo("1");
    assertThat(ttl(Duration.ofMillis(1500))).isEqualTo("1500");
    assertThat(ttl(Duration.ofMillis(1).plusNanos(1))).isEqualTo("2");
    assertThat(ttl(Duration.ofDays(8))).isEqualTo(Long.toString(Duration.ofDays(8).toMillis()));
    assertThat(Long.parseLong(ttl(Duration.ofSeconds(Long.MAX_VALUE)))).isEqualTo(Long.MAX_VALUE / 4);
  }

  private static String ttl(Duration d) {
    return new String(RedisKVStore.ttlArgument(d), StandardCharsets.US_ASCII);
  }
}
