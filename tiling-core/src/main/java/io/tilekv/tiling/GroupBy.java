package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.internal.ColumnValues;
import io.tilekv.tiling.internal.GroupByFile;
import io.tilekv.tiling.internal.GroupByValidator;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A GroupBy: events of one schema, grouped by entity key, aggregated into tiles of one or more
 * sizes (the layers) and served over sliding windows.
 *
 * <p>Read one from a YAML or JSON file ({@link #parse(Path)}; format in {@code examples/groupbys/README.md})
 * or build one ({@link #builder(String)}). Either way it is validated completely: a
 * {@link GroupByException} lists every problem, each naming its field. A GroupBy is immutable,
 * thread-safe and serializable (Flink operators may capture it).
 */
public final class GroupBy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default {@link #ttlMargin()}: one day. */
  public static final long DEFAULT_TTL_MARGIN = Durations.DAY;

  private final String name;
  private final String dataset;
  private final Schema schema;
  private final List<String> keys;
  private final String timestamp;
  private final List<Long> layers;
  private final long[] layerArray;
  private final List<Aggregation> aggregations;
  private final long ttlMargin;
  private final int[] keyIndexes;
  private final int timestampIndex;
  private final List<Window> windows;
  private final List<String> featureNames;
  private final long fingerprint;

  private GroupBy(Builder b, Schema schema, List<Long> layers) {
    this.name = b.name;
    this.dataset = b.dataset != null ? b.dataset : b.name;
    this.schema = schema;
    this.keys = List.copyOf(b.keys);
    this.timestamp = b.timestamp;
    this.layers = List.copyOf(layers);
    this.layerArray = layers.stream().mapToLong(Long::longValue).toArray();
    this.aggregations = List.copyOf(b.aggregations);
    this.ttlMargin = b.ttlMargin != null ? b.ttlMargin : DEFAULT_TTL_MARGIN;
    this.keyIndexes = keys.stream().mapToInt(schema::index).toArray();
    this.timestampIndex = schema.index(timestamp);
    TreeSet<Window> ws = new TreeSet<>();
    List<String> features = new ArrayList<>();
    for (Aggregation a : aggregations) {
      ws.addAll(a.windows());
      features.addAll(a.featureNames());
    }
    this.windows = List.copyOf(ws);
    this.featureNames = List.copyOf(features);
    this.fingerprint = GroupByValidator.fingerprint(this);
  }

  /** Starts a GroupBy called {@code name} (also its default dataset). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Reads a GroupBy file (YAML; JSON is valid YAML).
   *
   * @throws GroupByException listing every problem, each naming its field
   * @throws IOException if the file cannot be read
   */
  public static GroupBy parse(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Reads a GroupBy from YAML or JSON text; see {@link #parse(Path)}. */
  public static GroupBy parseYaml(String text) {
    return parse(text, null);
  }

  private static GroupBy parse(String text, String source) {
    List<String> problems = new ArrayList<>();
    GroupByFile.Parsed parsed = GroupByFile.read(text, problems);
    if (parsed == null) {
      throw new GroupByException(source, problems);
    }
    return parsed.builder().build(problems, source, parsed.aggregationFields());
  }

  /**
   * The default layers for windows: the smallest hop, then every standard size (5m, 1h, 1d)
   * above it that it divides, up to one day.
   */
  public static List<Long> defaultLayers(Collection<Window> windows) {
    long smallest = windows.stream().mapToLong(Window::hop).min().orElse(5 * Durations.MINUTE);
    List<Long> layers = new ArrayList<>(List.of(smallest));
    for (long s : new long[] {5 * Durations.MINUTE, Durations.HOUR, Durations.DAY}) {
      if (s > smallest && s % smallest == 0) {
        layers.add(s);
      }
    }
    return layers;
  }

  public String name() {
    return name;
  }

  /** The store dataset the tiles go to; defaults to {@link #name()}. */
  public String dataset() {
    return dataset;
  }

  public Schema schema() {
    return schema;
  }

  /** The key columns, in entity key order. */
  public List<String> keys() {
    return keys;
  }

  /** The timestamp column (a long of epoch millis). */
  public String timestamp() {
    return timestamp;
  }

  /** Schema position of the timestamp column. */
  public int timestampIndex() {
    return timestampIndex;
  }

  /** Tile sizes in millis, ascending; each divides the next. */
  public List<Long> layers() {
    return layers;
  }

  /** The layers as an array, for the planner; not copied, never modify. */
  long[] layerArray() {
    return layerArray;
  }

  public long smallestLayer() {
    return layers.get(0);
  }

  public long largestLayer() {
    return layers.get(layers.size() - 1);
  }

  /** The aggregations in file order; IR arrays hold one IR per aggregation in this order. */
  public List<Aggregation> aggregations() {
    return aggregations;
  }

  /** The distinct windows of all aggregations, ascending by length then hop. */
  public List<Window> windows() {
    return windows;
  }

  /** Length of the longest window in millis. */
  public long longestWindow() {
    return windows.get(windows.size() - 1).length();
  }

  /** The feature names, by aggregation then window, in file order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The margin added to tile TTLs; see {@link #tileTtl(long)}. */
  public long ttlMargin() {
    return ttlMargin;
  }

  /**
   * How long a tile of {@code tileSize} is kept: the longest window plus the tile size plus
   * {@link #ttlMargin()} (at least the largest hop, so a window's sawtooth tail stays readable).
   */
  public long tileTtl(long tileSize) {
    return longestWindow() + tileSize + ttlMargin;
  }

  /**
   * A 64-bit hash of everything that decides what a tile holds: the key and timestamp columns
   * with their types, each aggregation's input type, operation and arguments, and the layers.
   * Windows, the name and unused columns are not part of it: changing them keeps stored tiles valid.
   */
  public long fingerprint() {
    return fingerprint;
  }

  /** The entity key of an event: its key column values typed by their declared column types. */
  public EntityKey entityKey(Row row) {
    EntityKey.Builder b = EntityKey.builder();
    for (int i : keyIndexes) {
      ColumnValues.addKey(b, schema.type(i), row.get(i));
    }
    return b.build();
  }

  /**
   * The entity key for key values given as text (command line, fetch requests), parsed by the
   * declared column types (bytes as base64).
   *
   * @throws IllegalArgumentException naming the column if a key column is missing, unknown or
   *     unparsable
   */
  public EntityKey entityKey(Map<String, String> keyValues) {
    requireNonNull(keyValues, "keyValues is null");
    for (String k : keyValues.keySet()) {
      if (!keys.contains(k)) {
        throw new IllegalArgumentException("'" + k + "' is not a key column of " + name + "; keys are " + keys);
      }
    }
    EntityKey.Builder b = EntityKey.builder();
    for (int i = 0; i < keys.size(); i++) {
      String text = keyValues.get(keys.get(i));
      if (text == null) {
        throw new IllegalArgumentException("missing value for key column '" + keys.get(i) + "'");
      }
      ColumnValues.addKey(b, schema.type(keyIndexes[i]), ColumnValues.parseText(keys.get(i), schema.type(keyIndexes[i]), text));
    }
    return b.build();
  }

  /**
   * A row from values in schema order. Integral numbers widen to long/double/float columns;
   * anything else must have the column's Java type.
   *
   * @throws IllegalArgumentException naming the column for a wrong type, a missing key or timestamp
   */
  public Row row(Object... values) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("expected " + schema.size() + " values " + schema.names() + ", got " + values.length);
    }
    Object[] v = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      v[i] = ColumnValues.coerce(schema.name(i), schema.type(i), values[i]);
    }
    return checkedRow(v);
  }

  /** A row from values by column name (absent columns are null); see {@link #row(Object...)}. */
  public Row row(Map<String, ?> values) {
    Object[] v = new Object[schema.size()];
    values.forEach((col, value) -> v[schema.index(col)] = ColumnValues.coerce(col, schema.type(schema.index(col)), value));
    return checkedRow(v);
  }

  private Row checkedRow(Object[] v) {
    for (int i : keyIndexes) {
      if (v[i] == null) {
        throw new IllegalArgumentException("missing key column '" + schema.name(i) + "'");
      }
    }
    if (v[timestampIndex] == null) {
      throw new IllegalArgumentException("missing timestamp column '" + timestamp + "'");
    }
    return new Row(v, (Long) v[timestampIndex]);
  }

  /** A builder with this GroupBy's definition. */
  public Builder toBuilder() {
    Builder b = new Builder(name).dataset(dataset).schema(schema).keys(keys.toArray(String[]::new))
        .timestamp(timestamp).layers(layers).ttlMargin(ttlMargin);
    aggregations.forEach(b::aggregation);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupBy g && g.name.equals(name) && g.dataset.equals(dataset)
        && g.schema.equals(schema) && g.keys.equals(keys) && g.timestamp.equals(timestamp)
        && g.layers.equals(layers) && g.aggregations.equals(aggregations) && g.ttlMargin == ttlMargin;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fingerprint) * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return "GroupBy{name: " + name + ", dataset: " + dataset + ", schema: " + schema + ", keys: " + keys
        + ", timestamp: " + timestamp + ", layers: " + layers.stream().map(Durations::format).toList()
        + ", aggregations: " + aggregations + "}";
  }

  /** Builds a {@link GroupBy}; {@link #build()} validates everything at once. */
  public static final class Builder {
    private final String name;
    private String dataset;
    private final Map<String, ColumnType> columns = new LinkedHashMap<>();
    private final List<String> keys = new ArrayList<>();
    private String timestamp;
    private List<Long> layers;
    private final List<Aggregation> aggregations = new ArrayList<>();
    private Long ttlMargin;

    private Builder(String name) {
      this.name = name;
    }

    /** The store dataset; defaults to the name. */
    public Builder dataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /** Adds a column (columns keep insertion order). */
    public Builder column(String column, ColumnType type) {
      columns.put(requireNonNull(column, "column is null"), requireNonNull(type, "type is null"));
      return this;
    }

    /** Replaces the columns with {@code schema}'s. */
    public Builder schema(Schema schema) {
      columns.clear();
      columns.putAll(schema.columns());
      return this;
    }

    /** Replaces the key columns. */
    public Builder keys(String... keyColumns) {
      keys.clear();
      keys.addAll(List.of(keyColumns));
      return this;
    }

    public Builder timestamp(String column) {
      this.timestamp = column;
      return this;
    }

    /** Explicit layers in millis (any order); without them {@link #defaultLayers} apply. */
    public Builder layers(List<Long> tileSizes) {
      this.layers = tileSizes == null ? null : List.copyOf(tileSizes);
      return this;
    }

    /** Explicit layers as duration text, e.g. {@code "5m", "1h", "1d"}. */
    public Builder layers(String... tileSizes) {
      return layers(java.util.Arrays.stream(tileSizes).map(Durations::parse).toList());
    }

    public Builder aggregation(Aggregation aggregation) {
      aggregations.add(requireNonNull(aggregation, "aggregation is null"));
      return this;
    }

    /** The margin added to tile TTLs; default {@link #DEFAULT_TTL_MARGIN}. */
    public Builder ttlMargin(long millis) {
      this.ttlMargin = millis;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws GroupByException listing every problem found
     */
    public GroupBy build() {
      return build(new ArrayList<>(), null, null);
    }

    private GroupBy build(List<String> problems, String source, List<String> aggregationFields) {
      List<Long> effectiveLayers = layers != null ? layers : defaultLayers(allWindows());
      GroupByValidator.check(name, dataset, columns, keys, timestamp, layers, effectiveLayers,
          aggregations, aggregationFields, ttlMargin, problems);
      if (!problems.isEmpty()) {
        throw new GroupByException(source, problems);
      }
      return new GroupBy(this, Schema.of(columns), effectiveLayers.stream().sorted().toList());
    }

    private List<Window> allWindows() {
      return aggregations.stream().flatMap(a -> a.windows().stream()).toList();
    }
  }
}
