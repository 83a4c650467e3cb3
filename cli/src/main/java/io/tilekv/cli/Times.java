package io.tilekv.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a time given as epoch milliseconds or as an ISO-8601 instant ({@code 2024-01-15T14:32:00Z}),
 * within the range TileKV supports ({@link io.tilekv.tiling.Times}).
 */
final class Times implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    String v = value.trim();
    long millis;
    if (v.matches("-?\\d+")) {
      try {
        millis = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(io.tilekv.tiling.Times.outOfRange(0, "'" + value + "'")
            .replace(" 0 is", " is"));
      }
    } else {
      try {
        millis = Instant.parse(v).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new TypeConversionException(
            "'" + value + "' is neither epoch milliseconds nor an ISO-8601 instant like 2024-01-15T14:32:00Z");
      }
    }
    if (!io.tilekv.tiling.Times.inRange(millis)) {
      throw new TypeConversionException(io.tilekv.tiling.Times.outOfRange(millis, "time"));
    }
    return millis;
  }
}
