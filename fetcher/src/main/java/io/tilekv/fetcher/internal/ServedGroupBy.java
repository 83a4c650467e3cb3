package io.tilekv.fetcher.internal;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fetcher needs per GroupBy, built once: its aggregator and codec, the feature names of
 * each window (the features one bad tile of that window takes down), and key handling.
 * Immutable and thread-safe.
 */
public final class ServedGroupBy {
  private final GroupBy groupBy;
  private final GroupByAggregator aggregator;
  private final TileCodec codec;
  private final Map<Window, List<String>> featuresByWindow;
  private final ColumnType[] keyTypes;

  public ServedGroupBy(GroupBy groupBy) {
    this.groupBy = groupBy;
    this.aggregator = new GroupByAggregator(groupBy);
    this.codec = new TileCodec(groupBy);
    Map<Window, List<String>> byWindow = new HashMap<>();
    for (Aggregation a : groupBy.aggregations()) {
      for (Window w : a.windows()) {
        byWindow.computeIfAbsent(w, x -> new ArrayList<>()).add(a.featureName(w));
      }
    }
    byWindow.replaceAll((w, names) -> List.copyOf(names));
    this.featuresByWindow = Collections.unmodifiableMap(byWindow);
    this.keyTypes = groupBy.keys().stream().map(k -> groupBy.schema().type(k)).toArray(ColumnType[]::new);
  }

  public GroupBy groupBy() {
    return groupBy;
  }

  public GroupByAggregator aggregator() {
    return aggregator;
  }

  public TileCodec codec() {
    return codec;
  }

  /** The features computed from window {@code w}. */
  public List<String> featuresOf(Window w) {
    return featuresByWindow.getOrDefault(w, List.of());
  }

  /** Key column -> value, in key column order. */
  public Map<String, Object> keyColumns(EntityKey key) {
    List<Object> values = key.values();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyTypes.length; i++) {
      out.put(groupBy.keys().get(i), values.get(i));
    }
    return out;
  }

  /**
   * The entity key of typed values in key column order. An Integer is accepted for a long column
   * (as in rows); anything else must have the column's Java type. Key values are never null.
   *
   * @throws IllegalArgumentException naming the column otherwise
   */
  public EntityKey entityKey(Object[] values) {
    if (values.length != keyTypes.length) {
      throw new IllegalArgumentException(groupBy.name() + " has key columns " + groupBy.keys() + ", got "
          + values.length + " values");
    }
    EntityKey.Builder b = EntityKey.builder();
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      String column = groupBy.keys().get(i);
      if (v == null) {
        throw new IllegalArgumentException("key column '" + column + "' is null");
      }
      switch (keyTypes[i]) {
        case STRING -> b.addString(typed(column, v, String.class));
        case LONG -> b.addLong(v instanceof Integer n ? n : typed(column, v, Long.class));
        case INT -> b.addInt(typed(column, v, Integer.class));
        case DOUBLE -> b.addDouble(typed(column, v, Double.class));
        case FLOAT -> b.addFloat(typed(column, v, Float.class));
        case BOOLEAN -> b.addBoolean(typed(column, v, Boolean.class));
        case BYTES -> b.addBytes(typed(column, v, byte[].class));
      }
    }
    return b.build();
  }

  /**
   * Checks that an encoded key has one value per key column, of the declared type.
   *
   * @throws IllegalArgumentException naming the column otherwise
   */
  public EntityKey checkKey(EntityKey key) {
    List<Object> values = key.values();
    if (values.contains(null)) {
      throw new IllegalArgumentException("key " + key + " has a null value");
    }
    EntityKey rebuilt = entityKey(values.toArray());
    if (!rebuilt.equals(key)) {
      throw new IllegalArgumentException("key " + key + " does not have the declared types of "
          + groupBy.keys() + ": " + List.of(keyTypes));
    }
    return key;
  }

  private static <T> T typed(String column, Object v, Class<T> type) {
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException("key column '" + column + "' needs a " + type.getSimpleName()
          + ", got " + v.getClass().getSimpleName() + " " + v);
    }
    return type.cast(v);
  }
}
