package io.tilekv.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /v1/groupbys}. */
final class Describe {
  private Describe() {}

  static String groupBys(ObjectMapper json, GroupBySource source) {
    List<Object> all = new ArrayList<>();
    for (GroupBy g : source.registry().groupBys()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", g.name());
      out.put("dataset", g.dataset());
      out.put("keys", g.keys());
      out.put("layers", g.layers().stream().map(Durations::format).toList());
      out.put("windows", g.windows().stream().map(Window::label).toList());
      List<Object> features = new ArrayList<>();
      for (Aggregation a : g.aggregations()) {
        for (Window w : a.windows()) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("name", a.featureName(w));
          f.put("input", a.input());
          f.put("op", a.operation().name());
          f.put("window", w.label());
          features.add(f);
        }
      }
      out.put("features", features);
      all.add(out);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("groupBys", all);
    root.put("problems", source.problems());
    return write(json, root);
  }

  static String write(ObjectMapper json, Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
  }
}
