package io.tilekv.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A key with its value and, for writes, an optional time to live. Immutable; the value array is
 * copied on the way in and out ({@link #valueLength()} avoids a copy when only the size matters).
 */
public final class Entry {
  private final Key key;
  private final byte[] value;
  private final Duration ttl;

  private Entry(Key key, byte[] value, Duration ttl) {
    this.key = key;
    this.value = value;
    this.ttl = ttl;
  }

  /** An entry that never expires. */
  public static Entry of(Key key, byte[] value) {
    return new Entry(Objects.requireNonNull(key, "key is null"),
        Objects.requireNonNull(value, "value is null").clone(), null);
  }

  /**
   * An entry that expires {@code ttl} after it is written. Only stores that declare
   * {@link Capability#TTL} accept it; others refuse the write with
   * {@link KVStoreException.Kind#UNSUPPORTED}.
   *
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public static Entry of(Key key, byte[] value, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl is null");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    return new Entry(Objects.requireNonNull(key, "key is null"),
        Objects.requireNonNull(value, "value is null").clone(), ttl);
  }

  public Key key() {
    return key;
  }

  /** Returns a copy of the value. */
  public byte[] value() {
    return value.clone();
  }

  public int valueLength() {
    return value.length;
  }

  /** The time to live, empty when the entry never expires. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  @Override
  public String toString() {
    return "Entry[" + key + ", " + value.length + " bytes" + (ttl == null ? "" : ", ttl " + ttl) + "]";
  }
}
