package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses events written as JSON Lines (one object per line, fields by column name) into
 * {@link Row}s of a GroupBy's schema. Bad input never throws: it gives a
 * {@link ParsedEvent.Malformed} with the line number and the reason.
 *
 * <p>Rules, per column type:
 * <ul>
 *   <li>{@code long}, {@code int}: a JSON integer within range. A number with a fraction or
 *       exponent ({@code 1.5}, even {@code 1.0}) and a quoted number are malformed.
 *   <li>{@code double}: any JSON number. {@code float}: any JSON number within float range
 *       (rounded to the nearest float).
 *   <li>{@code string}: a JSON string (a number is not a string). {@code boolean}: true/false.
 *   <li>{@code bytes}: a base64 string (RFC 4648, standard alphabet).
 *   <li>A JSON null or an absent field is a null value: skipped by the aggregations, but
 *       malformed for a key or the timestamp column.
 *   <li>Fields not in the schema are ignored; a field given twice, trailing content after the
 *       object, a blank line and anything that is not a JSON object are malformed.
 *   <li>A UTF-8 byte-order mark (U+FEFF) at the start of a line is ignored: editors write one at
 *       the start of a file.
 *   <li>A timestamp outside {@link Times}' range is malformed (its tiles could not be addressed
 *       without overflow).
 *   <li>With a key limit, an event whose tile key partition (canonical entity key bytes plus the
 *       8-byte tile size) is longer than the limit is malformed: the store could not hold its tiles.
 * </ul>
 * Thread-safe; one instance can serve every thread.
 */
public final class EventParser {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Bytes a tile key partition adds to the entity key: the tile size. */
  public static final int TILE_KEY_OVERHEAD = 8;

  private final GroupBy groupBy;
  private final Schema schema;
  private final Map<String, Integer> columns = new HashMap<>();
  private final int maxPartitionBytes;

  /** A parser without a key length limit. */
  public EventParser(GroupBy groupBy) {
    this(groupBy, Integer.MAX_VALUE);
  }

  /**
   * A parser that marks malformed every event whose tile key partition would be longer than
   * {@code maxPartitionBytes} (a store's {@code StoreCapabilities.maxKeyBytes()}).
   */
  public EventParser(GroupBy groupBy, int maxPartitionBytes) {
    if (maxPartitionBytes <= TILE_KEY_OVERHEAD) {
      throw new IllegalArgumentException("maxPartitionBytes must be more than " + TILE_KEY_OVERHEAD
          + ": " + maxPartitionBytes);
    }
    this.maxPartitionBytes = maxPartitionBytes;
    this.groupBy = requireNonNull(groupBy, "groupBy is null");
    this.schema = groupBy.schema();
    for (int i = 0; i < schema.size(); i++) {
      columns.put(schema.name(i), i);
    }
  }

  /** Parses one line; {@code lineNumber} is only carried into the result. */
  public ParsedEvent parse(String line, long lineNumber) {
    if (line != null && line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    if (line == null || line.isBlank()) {
      return new ParsedEvent.Malformed(lineNumber, "blank line", line == null ? "" : line);
    }
    Object[] values = new Object[schema.size()];
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return malformed(lineNumber, "not a JSON object", line);
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        Integer column = columns.get(field);
        if (column == null) {
          p.skipChildren();
          continue;
        }
        ColumnType type = schema.type(column);
        Object value = read(p, v, type);
        if (value == WRONG) {
          return malformed(lineNumber, "field '" + field + "': expected " + expected(type) + ", got "
              + describe(p, v), line);
        }
        values[column] = value;
      }
      if (p.nextToken() != null) {
        return malformed(lineNumber, "not JSON: trailing content after the object", line);
      }
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      return malformed(lineNumber, "not JSON: " + (nl < 0 ? msg : msg.substring(0, nl)), line);
    } catch (IOException e) {
      return malformed(lineNumber, "not JSON: " + e.getMessage(), line);
    }
    for (String key : groupBy.keys()) {
      Object keyValue = values[columns.get(key)];
      if (keyValue == null) {
        return malformed(lineNumber, "missing key '" + key + "'", line);
      }
      // Such a string has no canonical bytes, so it cannot address a tile (EntityKey refuses it).
      if (keyValue instanceof String s && hasUnpairedSurrogate(s)) {
        return malformed(lineNumber, "key '" + key + "' contains an unpaired UTF-16 surrogate", line);
      }
    }
    Object ts = values[groupBy.timestampIndex()];
    if (ts == null) {
      return malformed(lineNumber, "missing timestamp '" + groupBy.timestamp() + "'", line);
    }
    if (!Times.inRange((Long) ts)) {
      return malformed(lineNumber, Times.outOfRange((Long) ts, "timestamp '" + groupBy.timestamp() + "'"), line);
    }
    Row row = new Row(values, (Long) ts);
    if (maxPartitionBytes != Integer.MAX_VALUE && mayExceedKeyLimit(values)) {
      int bytes = groupBy.entityKey(row).bytes().length + TILE_KEY_OVERHEAD;
      if (bytes > maxPartitionBytes) {
        return malformed(lineNumber, "key too long: its tile key would have " + bytes
            + " bytes, the store takes at most " + maxPartitionBytes, line);
      }
    }
    return new ParsedEvent.Valid(row, lineNumber);
  }

  private static final Object WRONG = new Object();

  /** A cheap upper bound first (UTF-8 takes at most 3 bytes per UTF-16 char), so most keys skip encoding. */
  private boolean mayExceedKeyLimit(Object[] values) {
    long bound = TILE_KEY_OVERHEAD;
    for (String key : groupBy.keys()) {
      Object v = values[columns.get(key)];
      bound += 16 + (v instanceof String s ? 3L * s.length() : v instanceof byte[] b ? b.length : 8);
    }
    return bound > maxPartitionBytes;
  }

  private static Object read(JsonParser p, JsonToken t, ColumnType type) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    switch (type) {
      case STRING:
        return t == JsonToken.VALUE_STRING ? p.getText() : WRONG;
      case LONG:
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
            ? (Object) p.getLongValue() : WRONG;
      case INT:
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
            ? (Object) p.getIntValue() : WRONG;
      case DOUBLE:
        return t.isNumeric() ? (Object) p.getDoubleValue() : WRONG;
      case FLOAT:
        if (!t.isNumeric()) {
          return WRONG;
        }
        float f = (float) p.getDoubleValue();
        return Float.isInfinite(f) ? WRONG : (Object) f;
      case BOOLEAN:
        return t.isBoolean() ? (Object) (t == JsonToken.VALUE_TRUE) : WRONG;
      case BYTES:
        if (t != JsonToken.VALUE_STRING) {
          return WRONG;
        }
        try {
          return Base64.getDecoder().decode(p.getText());
        } catch (IllegalArgumentException e) {
          return WRONG;
        }
      default:
        throw new AssertionError(type);
    }
  }

  private static String expected(ColumnType type) {
    return switch (type) {
      case STRING -> "a string";
      case LONG -> "an integer within long range";
      case INT -> "an integer within int range";
      case DOUBLE -> "a number";
      case FLOAT -> "a number within float range";
      case BOOLEAN -> "true or false";
      case BYTES -> "a base64 string";
    };
  }

  private static String describe(JsonParser p, JsonToken t) throws IOException {
    String d = switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
      default -> t.toString();
    };
    return d;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static ParsedEvent malformed(long lineNumber, String reason, String line) {
    return new ParsedEvent.Malformed(lineNumber, reason, line);
  }
}
