package io.tilekv.store.redis.internal;

import io.tilekv.spi.Key;
import io.tilekv.spi.KeyLayout;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The Redis key of a tile: {@code '{' tag '}' pointKey}, where {@code pointKey} is
 * {@link KeyLayout#pointKey} of {@code (dataset, key)} and {@code tag} is the CRC-32C of the
 * point key's partition prefix (dataset and partition), as 8 lower-case hex digits.
 *
 * <p>Redis Cluster hashes only the bytes between the first {@code '{'} and the next
 * {@code '}'}: with this layout that is always the tag, so every tile of one partition lands in one
 * hash slot, and the raw partition bytes (which may contain braces) never act as a tag. The tag
 * is a fixed-length prefix in front of an injective encoding, so the whole key stays injective;
 * two partitions whose tags collide merely share a slot.
 */
public final class RedisTileKeys {
  /** Length of {@code '{' tag '}'}. */
  public static final int TAG_BYTES = 10;
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private RedisTileKeys() {}

  /** The Redis key of {@code key} in {@code dataset}. */
  public static byte[] redisKey(String dataset, Key key) {
    byte[] point = KeyLayout.pointKey(dataset, key);
    CRC32C crc = new CRC32C();
    crc.update(point, 0, point.length - 8); // the partition prefix: everything but the sort key
    byte[] out = new byte[TAG_BYTES + point.length];
    out[0] = '{';
    long tag = crc.getValue();
    for (int i = 0; i < 8; i++) {
      out[1 + i] = HEX[(int) (tag >>> (28 - 4 * i)) & 0xf];
    }
    out[9] = '}';
    System.arraycopy(point, 0, out, TAG_BYTES, point.length);
    return out;
  }

  /** The hash tag of a Redis key made by {@link #redisKey}, without braces. */
  public static String tag(byte[] redisKey) {
    return new String(redisKey, 1, 8, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The dataset and key a Redis key made by {@link #redisKey} addresses. */
  public static Key parse(byte[] redisKey) {
    return KeyLayout.parsePointKey(Arrays.copyOfRange(redisKey, TAG_BYTES, redisKey.length));
  }

  /** The dataset of a Redis key made by {@link #redisKey}. */
  public static String datasetOf(byte[] redisKey) {
    return KeyLayout.datasetOf(Arrays.copyOfRange(redisKey, TAG_BYTES, redisKey.length));
  }
}
