package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered, typed columns of a GroupBy's events. Column positions are the indexes of
 * {@link Row#get(int)}. Immutable and serializable.
 */
public final class Schema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> names;
  private final List<ColumnType> types;
  private final Map<String, Integer> indexes;

  private Schema(List<String> names, List<ColumnType> types) {
    this.names = List.copyOf(names);
    this.types = List.copyOf(types);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (idx.put(names.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate column '" + names.get(i) + "'");
      }
    }
    this.indexes = Collections.unmodifiableMap(idx);
  }

  /**
   * A schema with the columns of {@code columns} in its iteration order (use a LinkedHashMap).
   *
   * @throws IllegalArgumentException if there are no columns or a name is blank
   */
  public static Schema of(Map<String, ColumnType> columns) {
    requireNonNull(columns, "columns is null");
    List<String> names = new ArrayList<>();
    List<ColumnType> types = new ArrayList<>();
    columns.forEach((name, type) -> {
      requireNonNull(name, "column name is null");
      requireNonNull(type, "type of column '" + name + "' is null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("blank column name");
      }
      names.add(name);
      types.add(type);
    });
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one column");
    }
    return new Schema(names, types);
  }

  /** Starts a schema; columns keep the order in which they are added. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of columns. */
  public int size() {
    return names.size();
  }

  /** Column names in order. */
  public List<String> names() {
    return names;
  }

  /** True if the schema has a column called {@code name}. */
  public boolean has(String name) {
    return indexes.containsKey(name);
  }

  /**
   * The position of column {@code name}.
   *
   * @throws IllegalArgumentException if there is no such column
   */
  public int index(String name) {
    Integer i = indexes.get(name);
    if (i == null) {
      throw new IllegalArgumentException("unknown column '" + name + "'; columns are " + names);
    }
    return i;
  }

  /** The type of column {@code name}; see {@link #index(String)}. */
  public ColumnType type(String name) {
    return types.get(index(name));
  }

  /** The type of the column at {@code index}. */
  public ColumnType type(int index) {
    return types.get(index);
  }

  /** The name of the column at {@code index}. */
  public String name(int index) {
    return names.get(index);
  }

  /** The columns as an ordered map name to type. */
  public Map<String, ColumnType> columns() {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), types.get(i));
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.names.equals(names) && s.types.equals(types);
  }

  @Override
  public int hashCode() {
    return names.hashCode() * 31 + types.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ")
          .append(types.get(i).name().toLowerCase(java.util.Locale.ROOT));
    }
    return sb.append('}').toString();
  }

  /** Collects columns in order. */
  public static final class Builder {
    private final Map<String, ColumnType> columns = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a column.
     *
     * @throws IllegalArgumentException if the column was already added
     */
    public Builder column(String name, ColumnType type) {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      if (columns.putIfAbsent(name, type) != null) {
        throw new IllegalArgumentException("duplicate column '" + name + "'");
      }
      return this;
    }

    public Schema build() {
      return Schema.of(columns);
    }
  }
}
