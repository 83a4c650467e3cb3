package io.tilekv.service.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.GroupByRegistry;
import io.tilekv.tiling.GroupBy;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /v1/fetch}, {@code {"requests":[{"groupBy":..,"key":{..},"at":..}]}},
 * checked request by request against the served GroupBys, so an error names the field
 * ({@code requests[2].key}) instead of failing the batch somewhere inside the fetcher.
 */
public final class FetchRequests {
  private static final Set<String> ROOT_FIELDS = Set.of("requests");
  private static final Set<String> REQUEST_FIELDS = Set.of("groupBy", "key", "at");

  /** A request the service refuses: HTTP status, the offending field, and why. */
  public static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    public BadRequest(int status, String field, String message) {
      super(message, null, false, false);
      this.status = status;
      this.field = field;
    }

    public int status() {
      return status;
    }

    public String field() {
      return field;
    }
  }

  private FetchRequests() {}

  /**
   * Parses and checks a body.
   *
   * @throws BadRequest 400 for malformed JSON, a missing or unknown field, an unknown GroupBy, a
   *     key that does not fit, or an {@code at} that is not a time; 413 for more than
   *     {@code maxBatch} requests
   */
  public static List<FetchRequest> parse(ObjectMapper json, byte[] body, GroupByRegistry groupBys, int maxBatch) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "body", "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest(400, "body", "unreadable body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest(400, "body", "expected a JSON object {\"requests\":[...]}");
    }
    checkFields(root, ROOT_FIELDS, "");
    JsonNode array = root.get("requests");
    if (array == null || !array.isArray()) {
      throw new BadRequest(400, "requests", "'requests' must be an array of requests");
    }
    if (array.isEmpty()) {
      throw new BadRequest(400, "requests", "'requests' is empty");
    }
    if (array.size() > maxBatch) {
      throw new BadRequest(413, "requests", array.size() + " requests in one call; the limit is " + maxBatch);
    }
    List<FetchRequest> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(request(array.get(i), "requests[" + i + "]", groupBys));
    }
    return out;
  }

  private static FetchRequest request(JsonNode node, String path, GroupByRegistry groupBys) {
    if (!node.isObject()) {
      throw new BadRequest(400, path, "a request must be an object {\"groupBy\":..,\"key\":{..},\"at\":..}");
    }
    checkFields(node, REQUEST_FIELDS, path + ".");
    JsonNode name = node.get("groupBy");
    if (name == null || !name.isTextual()) {
      throw new BadRequest(400, path + ".groupBy", "'groupBy' must be the name of a served GroupBy");
    }
    if (!groupBys.contains(name.asText())) {
      throw new BadRequest(400, path + ".groupBy", "no GroupBy named '" + name.asText() + "'; served: "
          + groupBys.names());
    }
    GroupBy g = groupBys.get(name.asText());
    JsonNode key = node.get("key");
    if (key == null || !key.isObject()) {
      throw new BadRequest(400, path + ".key", "'key' must be an object of key columns " + g.keys());
    }
    Map<String, String> text = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> column : key.properties()) {
      JsonNode v = column.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw new BadRequest(400, path + ".key." + column.getKey(), "a key value must be a string, number or boolean");
      }
      text.put(column.getKey(), v.asText());
    }
    try {
      g.entityKey(text); // the fetcher parses it again; this names the field
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, path + ".key", e.getMessage());
    }
    FetchRequest r = FetchRequest.of(g.name(), text);
    JsonNode at = node.get("at");
    return at == null || at.isNull() ? r : r.at(time(at, path + ".at"));
  }

  /** Epoch millis (a JSON integer or a string of digits) or an ISO-8601 instant. */
  private static long time(JsonNode at, String field) {
    if (at.isIntegralNumber() && at.canConvertToLong()) {
      return at.longValue();
    }
    if (at.isTextual()) {
      String s = at.asText().trim();
      try {
        return s.matches("-?\\d{1,19}") ? Long.parseLong(s) : Instant.parse(s).toEpochMilli();
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        // falls through to the error below
      }
    }
    throw new BadRequest(400, field, "'at' must be epoch milliseconds or an ISO-8601 instant "
        + "(2024-01-15T14:34:00Z), got " + at);
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String prefix) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String f = field.getKey();
      if (!allowed.contains(f)) {
        throw new BadRequest(400, prefix + f, "unknown field '" + f + "'; expected " + allowed);
      }
    }
  }
}
