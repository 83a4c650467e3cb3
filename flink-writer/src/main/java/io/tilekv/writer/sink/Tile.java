package io.tilekv.writer.sink;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.io.Serializable;
import java.time.Duration;

/**
 * One tile write: the encoded IRs of one entity key's tile of one size, as the tiling operator
 * emits it and the {@link KVStoreSink} writes it (a whole-value overwrite).
 *
 * <p>Immutable. The arrays are not copied: the operator hands over freshly encoded arrays and
 * nobody modifies them afterwards.
 */
public final class Tile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] entityKey;
  private final long size;
  private final long start;
  private final byte[] value;
  private final long ttlMillis;
  private transient Key key;

  /**
   * @param entityKey the canonical entity key bytes ({@link io.tilekv.spi.EntityKey#bytes()})
   * @param size the tile size in millis
   * @param start the tile start, a multiple of {@code size}
   * @param value the encoded tile ({@code TileCodec.encode})
   * @param ttlMillis how long the store keeps the tile, 0 for ever; applied only where the store
   *     declares TTL
   */
  public Tile(byte[] entityKey, long size, long start, byte[] value, long ttlMillis) {
    this.entityKey = requireNonNull(entityKey, "entityKey is null");
    this.value = requireNonNull(value, "value is null");
    if (ttlMillis < 0) {
      throw new IllegalArgumentException("ttlMillis must not be negative: " + ttlMillis);
    }
    this.size = size;
    this.start = start;
    this.ttlMillis = ttlMillis;
    this.key = TileKeys.key(entityKey, size, start);
  }

  /** The entity key bytes; do not modify. */
  public byte[] entityKey() {
    return entityKey;
  }

  public long size() {
    return size;
  }

  public long start() {
    return start;
  }

  /** The encoded tile; do not modify. */
  public byte[] value() {
    return value;
  }

  public long ttlMillis() {
    return ttlMillis;
  }

  /** The store key of this tile ({@link TileKeys#key}). */
  public Key key() {
    Key k = key;
    if (k == null) {
      k = TileKeys.key(entityKey, size, start);
      key = k;
    }
    return k;
  }

  /** The store entry, with the TTL when {@code withTtl} and the tile has one. */
  public Entry toEntry(boolean withTtl) {
    return withTtl && ttlMillis > 0
        ? Entry.of(key(), value, Duration.ofMillis(ttlMillis))
        : Entry.of(key(), value);
  }

  /** Bytes this write puts on the wire, roughly: key plus value. */
  public long sizeInBytes() {
    return entityKey.length + 16L + value.length;
  }

  @Override
  public String toString() {
    return "Tile[" + key() + ", size " + size + ", " + value.length + " bytes]";
  }
}
