package io.tilekv.tiling.agg;

import java.util.Arrays;

/**
 * A {@code byte[]} value compared and hashed by content, so that bytes columns work as set
 * elements, map keys and sort keys. Owns a private copy of its bytes.
 */
final class ByteKey implements Comparable<ByteKey> {
  private final byte[] bytes;
  private final int hash;

  private ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies {@code bytes}: later changes to the caller's array do not reach an IR. */
  static ByteKey copyOf(byte[] bytes) {
    return new ByteKey(bytes.clone());
  }

  /** Takes ownership of {@code bytes} (used by decoders that allocated it). */
  static ByteKey own(byte[] bytes) {
    return new ByteKey(bytes);
  }

  /** The bytes, without copying; callers must not modify them. */
  byte[] bytes() {
    return bytes;
  }

  /** A fresh copy of the bytes, safe to hand out. */
  byte[] toByteArray() {
    return bytes.clone();
  }

  @Override
  public int compareTo(ByteKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey && hash == ((ByteKey) o).hash
        && Arrays.equals(bytes, ((ByteKey) o).bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "ByteKey" + Arrays.toString(bytes);
  }
}
