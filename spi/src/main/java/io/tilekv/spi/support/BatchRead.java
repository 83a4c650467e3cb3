package io.tilekv.spi.support;

import io.tilekv.spi.Key;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch read returned to {@link AbstractKVStore}: the values of the keys found, and the
 * keys the store did not process (DynamoDB's {@code UnprocessedKeys}, say), which the base retries.
 * A key neither found nor unprocessed is absent. Values are handed over, not copied: the adapter
 * must not keep or reuse the arrays.
 */
public final class BatchRead {
  private static final BatchRead EMPTY = new BatchRead(Map.of(), List.of());

  private final Map<Key, byte[]> found;
  private final List<Key> unprocessed;

  private BatchRead(Map<Key, byte[]> found, List<Key> unprocessed) {
    this.found = found;
    this.unprocessed = unprocessed;
  }

  /** Nothing found, everything processed. */
  public static BatchRead empty() {
    return EMPTY;
  }

  /**
   * Values aligned with {@code keys}: {@code values.get(i)} is the value of {@code keys.get(i)}, or
   * null when that key has no value.
   */
  public static BatchRead inOrder(List<Key> keys, List<byte[]> values) {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException("read " + values.size() + " values for " + keys.size() + " keys");
    }
    Map<Key, byte[]> found = new HashMap<>(keys.size() * 2);
    for (int i = 0; i < keys.size(); i++) {
      byte[] v = values.get(i);
      if (v != null) {
        found.put(keys.get(i), v);
      }
    }
    return new BatchRead(found, List.of());
  }

  /** The values found, by key, and the keys the store left unprocessed. */
  public static BatchRead of(Map<Key, byte[]> found, Collection<Key> unprocessed) {
    return new BatchRead(Objects.requireNonNull(found, "found is null"), List.copyOf(unprocessed));
  }

  Map<Key, byte[]> found() {
    return found;
  }

  List<Key> unprocessed() {
    return unprocessed;
  }
}
