package io.tilekv.tiling.internal;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.ColumnType;
import java.util.Base64;
import java.util.Locale;

/** Java values of columns: type checks with lossless widening, key encoding, text parsing. */
public final class ColumnValues {
  private ColumnValues() {}

  /**
   * {@code value} as the Java type of {@code type}. Integers (Byte/Short/Integer/Long) widen to
   * long, double and float columns, floats to double columns; nothing narrows.
   *
   * @throws IllegalArgumentException naming {@code column} if the value does not fit
   */
  public static Object coerce(String column, ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    boolean integral = value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte;
    Object v = switch (type) {
      case STRING -> value instanceof String ? value : null;
      case LONG -> integral ? (Object) ((Number) value).longValue() : null;
      case INT -> value instanceof Integer || value instanceof Short || value instanceof Byte
          ? (Object) ((Number) value).intValue() : null;
      case DOUBLE -> integral || value instanceof Double || value instanceof Float
          ? (Object) ((Number) value).doubleValue() : null;
      case FLOAT -> integral || value instanceof Float ? (Object) ((Number) value).floatValue() : null;
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case BYTES -> value instanceof byte[] ? value : null;
    };
    if (v == null) {
      throw new IllegalArgumentException("column '" + column + "' is " + typeName(type) + ", got "
          + value.getClass().getSimpleName() + " " + value);
    }
    return v;
  }

  /** Appends a key value by its DECLARED type, so an int column always encodes as int. */
  public static void addKey(EntityKey.Builder b, ColumnType type, Object v) {
    if (v == null) {
      b.addNull();
      return;
    }
    switch (type) {
      case STRING -> b.addString((String) v);
      case LONG -> b.addLong(((Number) v).longValue());
      case INT -> b.addInt(((Number) v).intValue());
      case DOUBLE -> b.addDouble(((Number) v).doubleValue());
      case FLOAT -> b.addFloat(((Number) v).floatValue());
      case BOOLEAN -> b.addBoolean((Boolean) v);
      case BYTES -> b.addBytes((byte[]) v);
    }
  }

  /**
   * Parses a value given as text: numbers in Java syntax, booleans as true/false (any case), bytes
   * as base64, strings as they are.
   *
   * @throws IllegalArgumentException naming {@code column} if the text does not parse
   */
  public static Object parseText(String column, ColumnType type, String text) {
    try {
      return switch (type) {
        case STRING -> text;
        case LONG -> Long.parseLong(text.trim());
        case INT -> Integer.parseInt(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case FLOAT -> Float.parseFloat(text.trim());
        case BOOLEAN -> parseBoolean(text.trim());
        case BYTES -> Base64.getDecoder().decode(text.trim());
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("column '" + column + "' is " + typeName(type)
          + ", cannot parse '" + text + "'", e);
    }
  }

  /** The name of a type as written in GroupBy files. */
  public static String typeName(ColumnType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static Boolean parseBoolean(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    } else if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("not a boolean");
  }
}
