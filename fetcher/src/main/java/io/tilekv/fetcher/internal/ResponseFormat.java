package io.tilekv.fetcher.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.fetcher.FetchResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON and text renderings of a {@link FetchResponse}. */
public final class ResponseFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponseFormat() {}

  public static String json(FetchResponse r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("key", r.key());
    root.put("at", r.at());
    root.put("features", r.features());
    root.put("errors", r.errors());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render response as JSON: " + e.getMessage(), e);
    }
  }

  public static String text(FetchResponse r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.groupBy());
    r.key().forEach((k, v) -> sb.append(' ').append(k).append('=').append(show(v)));
    sb.append(" at ").append(Instant.ofEpochMilli(r.at())).append(" (").append(r.at()).append(")\n");
    int width = 0;
    for (String name : r.features().keySet()) {
      width = Math.max(width, name.length());
    }
    for (String name : r.errors().keySet()) {
      width = Math.max(width, name.length());
    }
    for (Map.Entry<String, Object> f : r.features().entrySet()) {
      sb.append("  ").append(pad(f.getKey(), width)).append("  ").append(show(f.getValue())).append('\n');
    }
    for (Map.Entry<String, String> e : r.errors().entrySet()) {
      sb.append("  ").append(pad(e.getKey(), width)).append("  ERROR: ").append(e.getValue()).append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }
}
