package io.tilekv.tiling.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.agg.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the GroupBy file format (YAML or JSON) into a {@link GroupBy.Builder}, collecting every
 * syntax problem with the path of its field. Semantic rules are left to the builder.
 */
public final class GroupByFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("name", "dataset", "schema", "keys", "timestamp",
      "layers", "aggregations", "ttl_margin");
  private static final Set<String> AGG = Set.of("input", "op", "windows", "hop", "args");
  private static final Set<String> WINDOW = Set.of("length", "hop");

  private GroupByFile() {}

  /**
   * What a file holds: a builder, and for each aggregation added to it the field path it came
   * from (aggregations that could not be read are left out of the builder).
   */
  public record Parsed(GroupBy.Builder builder, List<String> aggregationFields) {}

  /** The parsed file, or null if it is not a YAML mapping at all. */
  public static Parsed read(String text, List<String> problems) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      problems.add("not valid YAML or JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
      return null;
    }
    if (root == null || !root.isObject()) {
      problems.add("the file must be a mapping with fields " + new java.util.TreeSet<>(TOP));
      return null;
    }
    unknownFields(root, TOP, "", problems);
    GroupBy.Builder b = GroupBy.builder(text(root, "name", problems));
    if (root.has("dataset")) {
      b.dataset(text(root, "dataset", problems));
    }
    JsonNode schema = root.get("schema");
    if (schema != null && !schema.isObject()) {
      problems.add("schema: must be a mapping column -> type");
    } else if (schema != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ColumnType t = columnType(e.getValue());
        if (t == null) {
          problems.add("schema." + e.getKey() + ": unknown type '" + e.getValue().asText()
              + "'; types are " + Arrays.stream(ColumnType.values()).map(ColumnValues::typeName).toList());
        } else {
          b.column(e.getKey(), t);
        }
      }
    }
    b.keys(strings(root.get("keys"), "keys", problems).toArray(String[]::new));
    b.timestamp(text(root, "timestamp", problems));
    if (root.has("layers")) {
      b.layers(durations(root.get("layers"), "layers", problems));
    }
    if (root.has("ttl_margin")) {
      Long m = duration(root.get("ttl_margin"), "ttl_margin", problems);
      if (m != null) {
        b.ttlMargin(m);
      }
    }
    List<String> fields = new ArrayList<>();
    JsonNode aggs = root.get("aggregations");
    if (aggs != null && !aggs.isArray()) {
      problems.add("aggregations: must be a list");
    } else if (aggs != null) {
      for (int i = 0; i < aggs.size(); i++) {
        Aggregation a = aggregation(aggs.get(i), "aggregations[" + i + "]", problems);
        if (a != null) {
          b.aggregation(a);
          fields.add("aggregations[" + i + "]");
        }
      }
    }
    return new Parsed(b, fields);
  }

  private static Aggregation aggregation(JsonNode n, String field, List<String> problems) {
    if (!n.isObject()) {
      problems.add(field + ": must be a mapping {input, op, windows[, hop][, args]}");
      return null;
    }
    unknownFields(n, AGG, field + ".", problems);
    String input = text(n, "input", field + ".input", problems);
    String opText = text(n, "op", field + ".op", problems);
    Operation op = null;
    if (opText != null) {
      try {
        op = Operation.valueOf(opText.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(field + ".op: unknown operation '" + opText + "'; operations are "
            + Arrays.toString(Operation.values()));
      }
    }
    Long hop = n.has("hop") ? duration(n.get("hop"), field + ".hop", problems) : null;
    if (input == null || op == null) {
      if (!n.has("input")) {
        problems.add(field + ".input: missing");
      }
      if (!n.has("op")) {
        problems.add(field + ".op: missing");
      }
      if (!n.has("windows")) {
        problems.add(field + ".windows: missing (at least one window is needed)");
      }
      return null;
    }
    Aggregation.Builder b = Aggregation.builder(input, op);
    if (hop != null) {
      b.hop(hop);
    }
    if (n.has("args")) {
      if (n.get("args").isObject()) {
        b.args(YAML.convertValue(n.get("args"), Map.class));
      } else {
        problems.add(field + ".args: must be a mapping, e.g. {k: 10}");
      }
    }
    JsonNode ws = n.get("windows");
    if (ws != null && !ws.isArray()) {
      ws = YAML.createArrayNode().add(ws);
    }
    for (int j = 0; ws != null && j < ws.size(); j++) {
      String wf = field + ".windows[" + j + "]";
      JsonNode w = ws.get(j);
      try {
        if (w.isObject()) {
          unknownFields(w, WINDOW, wf + ".", problems);
          Long len = duration(w.get("length"), wf + ".length", problems);
          Long wh = w.has("hop") ? duration(w.get("hop"), wf + ".hop", problems) : hop;
          if (len != null) {
            b.window(wh != null ? Window.of(len, wh) : Window.of(len));
          }
        } else {
          Long len = duration(w, wf, problems);
          if (len != null) {
            b.window(hop != null ? Window.of(len, hop) : Window.of(len));
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(wf + ": " + e.getMessage());
      }
    }
    return b.build();
  }

  private static void unknownFields(JsonNode n, Set<String> known, String prefix, List<String> problems) {
    n.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        problems.add(prefix + f + ": unknown field; known fields are " + new java.util.TreeSet<>(known));
      }
    });
  }

  private static String text(JsonNode n, String field, List<String> problems) {
    return text(n, field, field, problems);
  }

  private static String text(JsonNode n, String name, String field, List<String> problems) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null; // reported as missing by the validator, or here for aggregations
    }
    if (!v.isValueNode()) {
      problems.add(field + ": must be a single value, got " + v);
      return null;
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode n, String field, List<String> problems) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isValueNode()) {
      out.add(n.asText());
      return out;
    }
    for (int i = 0; i < n.size(); i++) {
      if (n.get(i) == null || !n.get(i).isValueNode()) {
        problems.add(field + "[" + i + "]: must be a column name");
      } else {
        out.add(n.get(i).asText());
      }
    }
    return out;
  }

  private static List<Long> durations(JsonNode n, String field, List<String> problems) {
    List<Long> out = new ArrayList<>();
    if (n.isValueNode()) {
      n = YAML.createArrayNode().add(n);
    }
    for (int i = 0; i < n.size(); i++) {
      Long d = duration(n.get(i), field + "[" + i + "]", problems);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  private static Long duration(JsonNode n, String field, List<String> problems) {
    if (n == null || n.isNull()) {
      problems.add(field + ": missing duration");
      return null;
    }
    try {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("expected a duration such as 5m, 1h or 7d, got " + n);
      }
      return Durations.parse(n.asText());
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }

  private static ColumnType columnType(JsonNode n) {
    if (!n.isTextual()) {
      return null;
    }
    try {
      return ColumnType.valueOf(n.asText().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
