package io.tilekv.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a time given as epoch milliseconds or as an ISO-8601 instant ({@code 2024-01-15T14:32:00Z}). */
final class Times implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    String v = value.trim();
    if (v.matches("-?\\d+")) {
      return Long.parseLong(v);
    }
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is neither epoch milliseconds nor an ISO-8601 instant like 2024-01-15T14:32:00Z");
    }
  }
}
