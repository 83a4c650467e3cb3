package io.tilekv.store.dynamodb.internal;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout: {@code p} (binary partition key) = a layout byte {@code 0x01} followed by the
 * key's partition bytes (DynamoDB refuses an empty binary key, and the kit's partitions may be
 * empty; the byte also leaves room for another layout), {@code s} (number
 * sort key) = the sort key as a decimal integer, exact for every {@code long} (DynamoDB numbers
 * hold 38 digits), {@code v} (binary) = the value, and for entries with a TTL {@code e} (number) =
 * the expiry in epoch seconds, the attribute DynamoDB's TTL deletes by. Short names because they
 * count towards the 400 KB item size and every read unit.
 */
final class Items {
  static final String PARTITION = "p";
  static final String SORT = "s";
  static final String VALUE = "v";
  static final String EXPIRY = "e";
  /** The first byte of every stored partition. */
  static final byte LAYOUT = 0x01;
  /** Beyond this a TTL means "practically never"; keeps the arithmetic far from overflow. */
  private static final Duration MAX_TTL = Duration.ofDays(365L * 10_000);

  private Items() {}

  static AttributeValue bytes(byte[] b) {
    return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(b));
  }

  static AttributeValue number(long n) {
    return AttributeValue.fromN(Long.toString(n));
  }

  /** The stored partition key of {@code partition}. */
  static AttributeValue partition(byte[] partition) {
    byte[] stored = new byte[partition.length + 1];
    stored[0] = LAYOUT;
    System.arraycopy(partition, 0, stored, 1, partition.length);
    return bytes(stored);
  }

  static AttributeValue partition(Key k) {
    byte[] stored = new byte[k.partitionLength() + 1];
    stored[0] = LAYOUT;
    k.copyPartitionTo(stored, 1);
    return bytes(stored);
  }

  /** The primary key of {@code k}. */
  static Map<String, AttributeValue> key(Key k) {
    return Map.of(PARTITION, partition(k), SORT, number(k.sort()));
  }

  /** The whole item of {@code e} written at {@code nowMillis}. */
  static Map<String, AttributeValue> item(Entry e, long nowMillis) {
    Map<String, AttributeValue> item = new HashMap<>(6);
    item.put(PARTITION, partition(e.key()));
    item.put(SORT, number(e.key().sort()));
    item.put(VALUE, bytes(e.value()));
    e.ttl().ifPresent(ttl -> item.put(EXPIRY, number(expirySeconds(nowMillis, ttl))));
    return item;
  }

  /**
   * The first whole epoch second at or after {@code now + ttl}: an entry is never gone early, and
   * at most a second late ({@code ttlResolution}).
   */
  static long expirySeconds(long nowMillis, Duration ttl) {
    long millis = (ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl).toMillis() + (ttl.toNanosPart() % 1_000_000 > 0 ? 1 : 0);
    return Math.floorDiv(nowMillis + millis + 999, 1000);
  }

  /** False once the item's expiry has passed: DynamoDB deletes expired items only eventually. */
  static boolean liveAt(Map<String, AttributeValue> item, long nowMillis) {
    AttributeValue e = item.get(EXPIRY);
    return e == null || e.n() == null || Long.parseLong(e.n()) * 1000 > nowMillis;
  }

  static Key keyOf(Map<String, AttributeValue> item) {
    byte[] stored = item.get(PARTITION).b().asByteArrayUnsafe();
    if (stored.length == 0 || stored[0] != LAYOUT) {
      throw new IllegalStateException("item with an unknown partition layout (was the table written by something else?)");
    }
    return Key.of(java.util.Arrays.copyOfRange(stored, 1, stored.length), Long.parseLong(item.get(SORT).n()));
  }

  static byte[] value(Map<String, AttributeValue> item) {
    AttributeValue v = item.get(VALUE);
    if (v == null || v.b() == null) {
      throw new IllegalStateException("item without a binary '" + VALUE + "' attribute: " + keyOf(item)
          + " (was the table written by something else?)");
    }
    return v.b().asByteArray();
  }
}
