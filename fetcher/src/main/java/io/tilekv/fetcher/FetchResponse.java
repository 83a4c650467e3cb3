package io.tilekv.fetcher;

import static java.util.Objects.requireNonNull;

import io.tilekv.fetcher.internal.ResponseFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to one {@link FetchRequest}. Immutable.
 *
 * <p>Every feature of the GroupBy is in exactly one of {@link #features()} (its value; null where
 * the operation has no value over no events) or {@link #errors()} (why it could not be computed: a
 * failed store call or an undecodable tile among the tiles of its window). A feature is never
 * answered with an empty or stale value in place of an error; the other features of the request
 * are still answered.
 */
public final class FetchResponse {
  private final String groupBy;
  private final Map<String, Object> key;
  private final long at;
  private final Map<String, Object> features;
  private final Map<String, String> errors;

  /**
   * @param groupBy the GroupBy name
   * @param key key column -> typed value, in key column order
   * @param at the query time used
   * @param features feature name -> value (null allowed), in the GroupBy's feature order
   * @param errors feature name -> reason
   */
  public FetchResponse(String groupBy, Map<String, Object> key, long at, Map<String, Object> features,
      Map<String, String> errors) {
    this.groupBy = requireNonNull(groupBy, "groupBy is null");
    this.key = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(key, "key is null")));
    this.at = at;
    this.features = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(features, "features is null")));
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(errors, "errors is null")));
  }

  public String groupBy() {
    return groupBy;
  }

  /** Key column -> value, in key column order. */
  public Map<String, Object> key() {
    return key;
  }

  /** The query time in epoch millis. */
  public long at() {
    return at;
  }

  /** Feature name -> value for every feature that could be computed; values may be null. */
  public Map<String, Object> features() {
    return features;
  }

  /** Feature name -> why it could not be computed; empty when every feature was answered. */
  public Map<String, String> errors() {
    return errors;
  }

  /** True when every feature was answered. */
  public boolean complete() {
    return errors.isEmpty();
  }

  /**
   * The value of feature {@code name}.
   *
   * @throws IllegalStateException if the feature has an error (the message says why)
   * @throws java.util.NoSuchElementException if the GroupBy has no such feature
   */
  public Object value(String name) {
    if (errors.containsKey(name)) {
      throw new IllegalStateException("feature " + name + " failed: " + errors.get(name));
    }
    if (!features.containsKey(name)) {
      throw new java.util.NoSuchElementException("no feature " + name + " in " + groupBy);
    }
    return features.get(name);
  }

  /**
   * One line of JSON:
   * {@code {"key":{...},"at":<millis>,"features":{"<name>":<value>,...},"errors":{"<name>":"<why>"}}}.
   * Values are JSON numbers, strings, booleans, arrays (lists), objects (maps) or null; bytes are
   * base64 strings.
   */
  public String toJson() {
    return ResponseFormat.json(this);
  }

  /** A table a person can read: a header with the key and time, then one feature per line. */
  public String toText() {
    return ResponseFormat.text(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetchResponse r && r.at == at && r.groupBy.equals(groupBy) && r.key.equals(key)
        && r.features.equals(features) && r.errors.equals(errors);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(groupBy, key, at, features, errors);
  }

  @Override
  public String toString() {
    return "FetchResponse" + toJson();
  }
}
