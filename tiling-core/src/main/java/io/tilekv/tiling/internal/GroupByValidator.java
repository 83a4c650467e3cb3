package io.tilekv.tiling.internal;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Window;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Every rule a GroupBy must satisfy; each problem names the field it is about. */
public final class GroupByValidator {
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_.-]{3,64}");

  private GroupByValidator() {}

  /** Appends a problem to {@code problems} for every rule broken. */
  public static void check(String name, String dataset, Map<String, ColumnType> columns,
      List<String> keys, String timestamp, List<Long> explicitLayers, List<Long> layers,
      List<Aggregation> aggregations, List<String> aggregationFields, Long ttlMargin,
      List<String> problems) {
    if (name == null || name.isBlank()) {
      problems.add("name: missing");
    } else if (dataset == null && !DATASET.matcher(name).matches()) {
      problems.add("name: '" + name + "' is also the dataset name, which must be 3 to 64 characters of [A-Za-z0-9_.-] (or set dataset)");
    }
    if (dataset != null && !DATASET.matcher(dataset).matches()) {
      problems.add("dataset: '" + dataset + "' must be 3 to 64 characters of [A-Za-z0-9_.-]");
    }
    if (columns.isEmpty()) {
      problems.add("schema: missing (no columns)");
    }
    checkKeys(columns, keys, problems);
    if (timestamp == null) {
      problems.add("timestamp: missing");
    } else if (!columns.containsKey(timestamp)) {
      problems.add("timestamp: column '" + timestamp + "' is not in the schema");
    } else if (columns.get(timestamp) != ColumnType.LONG) {
      problems.add("timestamp: column '" + timestamp + "' must be long (epoch millis), is "
          + ColumnValues.typeName(columns.get(timestamp)));
    }
    if (explicitLayers != null) {
      checkLayers(explicitLayers, problems);
    }
    if (aggregations.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("aggregations"))) {
      problems.add("aggregations: missing (at least one is needed)");
    }
    checkAggregations(columns, aggregations, aggregationFields, layers, problems);
    if (ttlMargin != null) {
      long largestHop = aggregations.stream().flatMap(a -> a.windows().stream())
          .mapToLong(Window::hop).max().orElse(0);
      if (ttlMargin < largestHop) {
        problems.add("ttl_margin: " + (ttlMargin <= 0 ? ttlMargin + "ms" : Durations.format(ttlMargin))
            + " is shorter than the largest window hop " + Durations.format(largestHop)
            + ", so the oldest tiles of a window could expire while still needed");
      }
    }
  }

  private static void checkKeys(Map<String, ColumnType> columns, List<String> keys, List<String> problems) {
    if (keys.isEmpty()) {
      problems.add("keys: missing (at least one key column is needed)");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (k == null || !columns.containsKey(k)) {
        problems.add("keys[" + i + "]: column '" + k + "' is not in the schema");
      } else if (!seen.add(k)) {
        problems.add("keys[" + i + "]: column '" + k + "' is listed twice");
      }
    }
  }

  private static void checkLayers(List<Long> layers, List<String> problems) {
    if (layers.isEmpty()) {
      problems.add("layers: empty (omit the field for the default layers)");
      return;
    }
    List<Long> sorted = new ArrayList<>(new java.util.TreeSet<>(layers));
    if (sorted.size() != layers.size()) {
      problems.add("layers: " + fmt(layers) + " lists a tile size twice");
    }
    if (sorted.get(0) <= 0) {
      problems.add("layers: tile sizes must be positive");
      return;
    }
    if (sorted.get(sorted.size() - 1) > Durations.MAX) {
      problems.add("layers: a tile size is longer than the maximum duration " + Durations.MAX + " ms");
      return;
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i) % sorted.get(i - 1) != 0) {
        problems.add("layers: " + Durations.format(sorted.get(i - 1)) + " does not divide "
            + Durations.format(sorted.get(i)) + " (every layer must divide every larger one)");
      }
    }
  }

  private static void checkAggregations(Map<String, ColumnType> columns, List<Aggregation> aggregations,
      List<String> fields, List<Long> layers, List<String> problems) {
    long smallest = layers.stream().mapToLong(Long::longValue).filter(l -> l > 0).min().orElse(1);
    Set<String> features = new HashSet<>();
    for (int i = 0; i < aggregations.size(); i++) {
      Aggregation a = aggregations.get(i);
      String field = fields != null ? fields.get(i) : "aggregations[" + i + "]";
      ColumnType type = columns.get(a.input());
      if (type == null) {
        problems.add(field + ".input: column '" + a.input() + "' is not in the schema");
      } else {
        try {
          Aggs.create(a.operation(), type, a.args());
        } catch (IllegalArgumentException e) {
          problems.add(field + " (" + a.operation() + " of " + a.input() + "): " + e.getMessage());
        }
      }
      if (a.windows().isEmpty() && problems.stream().noneMatch(p -> p.startsWith(field + ".windows"))) {
        problems.add(field + ".windows: missing (at least one window is needed)");
      }
      for (int j = 0; j < a.windows().size(); j++) {
        Window w = a.windows().get(j);
        if (w.hop() % smallest != 0) {
          problems.add(field + ".windows[" + j + "]: hop " + Durations.format(w.hop()) + " of window "
              + w.label() + " is not a multiple of the smallest layer " + Durations.format(smallest));
        }
        String feature = a.featureName(w);
        if (!features.add(feature)) {
          problems.add(field + ".windows[" + j + "]: duplicate feature name '" + feature + "'");
        }
      }
    }
  }

  /** {@link GroupBy#fingerprint()}: the first 8 bytes of a SHA-256 over a canonical text. */
  public static long fingerprint(GroupBy g) {
    StringBuilder sb = new StringBuilder("tilekv-groupby-v1|keys:");
    for (String k : g.keys()) {
      sb.append(Args.canonical(k)).append('=').append(g.schema().type(k)).append(',');
    }
    sb.append("|ts:").append(Args.canonical(g.timestamp())).append("|layers:").append(g.layers()).append("|aggs:");
    for (Aggregation a : g.aggregations()) {
      sb.append(Args.canonical(a.input())).append('=').append(g.schema().type(a.input()))
          .append(':').append(a.operation()).append(':').append(Args.canonical(a.args())).append(';');
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  private static List<String> fmt(List<Long> ds) {
    return ds.stream().map(d -> d > 0 ? Durations.format(d) : d + "ms").toList();
  }
}
