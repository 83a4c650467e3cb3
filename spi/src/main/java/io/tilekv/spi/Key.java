package io.tilekv.spi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The address of one value inside a dataset: a {@code partition} (arbitrary bytes) and a
 * {@code sort} key ordered as a signed {@code long}.
 *
 * <p>For tiles the partition is the entity key bytes plus the tile size and the sort key is the
 * tile start (see {@link TileKeys}). Stores with range scans keep the partition as their partition
 * and order by {@code sort}; point stores use {@link KeyLayout#pointKey(String, Key)}.
 *
 * <p>Immutable: the partition array is copied on the way in and on the way out. Equality is by
 * content.
 */
public final class Key implements Comparable<Key> {
  /** Most partition bytes {@link #toString()} shows. */
  static final int SHOWN_BYTES = 64;

  private final byte[] partition;
  private final long sort;
  private final int hash;

  private Key(byte[] partition, long sort) {
    this.partition = partition;
    this.sort = sort;
    this.hash = 31 * Arrays.hashCode(partition) + Long.hashCode(sort);
  }

  /**
   * @param partition the partition bytes, any length (including empty) and any byte values
   * @param sort the sort key within the partition
   * @throws NullPointerException if {@code partition} is null
   */
  public static Key of(byte[] partition, long sort) {
    Objects.requireNonNull(partition, "partition is null");
    return new Key(partition.clone(), sort);
  }

  /** Returns a copy of the partition bytes. */
  public byte[] partition() {
    return partition.clone();
  }

  /** The partition length, without copying. */
  public int partitionLength() {
    return partition.length;
  }

  /** Copies the partition into {@code dst} at {@code offset}, without an intermediate array. */
  public void copyPartitionTo(byte[] dst, int offset) {
    System.arraycopy(partition, 0, dst, offset, partition.length);
  }

  /** True if this key's partition equals {@code other} byte for byte. */
  public boolean hasPartition(byte[] other) {
    return Arrays.equals(partition, other);
  }

  public long sort() {
    return sort;
  }

  /** Orders by partition (unsigned lexicographic) and then by sort key (signed). */
  @Override
  public int compareTo(Key o) {
    int c = Arrays.compareUnsigned(partition, o.partition);
    return c != 0 ? c : Long.compare(sort, o.sort);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && k.sort == sort && Arrays.equals(k.partition, partition);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * The partition in hex and the sort key. A partition longer than {@value #SHOWN_BYTES} bytes is
   * cut, with its length, so that an error about a huge key stays readable.
   */
  @Override
  public String toString() {
    String hex = partition.length <= SHOWN_BYTES ? HexFormat.of().formatHex(partition)
        : HexFormat.of().formatHex(partition, 0, SHOWN_BYTES) + "...(" + partition.length + " bytes)";
    return "Key[" + hex + "/" + sort + "]";
  }
}
