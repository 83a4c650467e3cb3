package io.tilekv.fetcher;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.EntityKey;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One feature request: a GroupBy (by name), an entity key, and a query time (default: the
 * fetcher's clock when the fetch starts). Immutable.
 *
 * <p>The entity key is given either as text per key column ({@link #of(String, Map)}, parsed by
 * the declared column types as the command line does) or as typed values
 * ({@link #ofValues(String, Object...)}: String, Long, Integer, Double, Float, Boolean, byte[] or null,
 * matching the declared column types exactly), or as an already encoded {@link EntityKey}.
 */
public final class FetchRequest {
  private final String groupBy;
  private final Map<String, String> keyText;
  private final EntityKey key;
  private final Object[] keyValues;
  private final long at;
  private final boolean atSet;

  private FetchRequest(String groupBy, Map<String, String> keyText, EntityKey key, Object[] keyValues,
      long at, boolean atSet) {
    this.groupBy = requireNonNull(groupBy, "groupBy is null");
    this.keyText = keyText;
    this.key = key;
    this.keyValues = keyValues;
    this.at = at;
    this.atSet = atSet;
  }

  /** A request with the key given as text per key column, e.g. {@code {customer_id=alice}}. */
  public static FetchRequest of(String groupBy, Map<String, String> keyText) {
    requireNonNull(keyText, "keyText is null");
    Map<String, String> copy = new LinkedHashMap<>(keyText);
    copy.forEach((k, v) -> requireNonNull(k, "key column is null"));
    return new FetchRequest(groupBy, Collections.unmodifiableMap(copy), null, null, 0, false);
  }

  /** A request with the key given as typed values in key column order. */
  public static FetchRequest ofValues(String groupBy, Object... keyValues) {
    requireNonNull(keyValues, "keyValues is null");
    return new FetchRequest(groupBy, null, null, keyValues.clone(), 0, false);
  }

  /** A request with an encoded key; it must have one value per key column of the declared type. */
  public static FetchRequest of(String groupBy, EntityKey key) {
    return new FetchRequest(groupBy, null, requireNonNull(key, "key is null"), null, 0, false);
  }

  /** This request at query time {@code epochMillis}. */
  public FetchRequest at(long epochMillis) {
    return new FetchRequest(groupBy, keyText, key, keyValues, epochMillis, true);
  }

  /** This request at query time {@code instant}. */
  public FetchRequest at(Instant instant) {
    return at(requireNonNull(instant, "instant is null").toEpochMilli());
  }

  public String groupBy() {
    return groupBy;
  }

  /** The query time, empty for "now". */
  public OptionalLong at() {
    return atSet ? OptionalLong.of(at) : OptionalLong.empty();
  }

  /** The key as text per column, or null when it was given typed. */
  Map<String, String> keyText() {
    return keyText;
  }

  /** The key's typed values, or null. */
  Object[] keyValues() {
    return keyValues;
  }

  /** The encoded key, or null. */
  EntityKey encodedKey() {
    return key;
  }

  @Override
  public String toString() {
    Object k = keyText != null ? keyText : key != null ? key : java.util.Arrays.toString(keyValues);
    return "FetchRequest[" + groupBy + " " + k + (atSet ? " at " + at : "") + "]";
  }
}
