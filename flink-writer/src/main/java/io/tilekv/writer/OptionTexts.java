package io.tilekv.writer;

import io.tilekv.tiling.Durations;
import io.tilekv.tiling.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How the write command reads the values of its options: durations, times, triggers, modes. */
final class OptionTexts {
  private OptionTexts() {}

  /** {@code <n>ms}, or {@code <n>s|m|h|d}; {@code 0} alone is zero. */
  static final class DurationText implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String t = value.trim();
      try {
        if (t.equals("0")) {
          return Duration.ZERO;
        }
        if (t.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        return Duration.ofMillis(Durations.parse(t));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a duration like 250ms, 2s, 5m");
      }
    }
  }

  /** Epoch millis or an ISO-8601 instant, within the supported range of times. */
  static final class InstantText implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }

    static long parse(String value) {
      String t = value.trim();
      long millis;
      try {
        millis = t.matches("-?\\d+") ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is neither epoch milliseconds nor an ISO-8601 instant like 2024-01-15T14:32:00Z");
      }
      return Times.check(millis, "time");
    }
  }

  /** {@code event} or a buffer interval. */
  static final class TriggerText implements ITypeConverter<EmitTrigger> {
    @Override
    public EmitTrigger convert(String value) {
      try {
        return EmitTrigger.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is neither 'event' nor a duration like 1s");
      }
    }
  }

  /** An enum constant by its lower-case name; a wrong one names the valid ones. */
  abstract static class Choice<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    Choice(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
      throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
          .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + " but was '" + value + "'");
    }
  }

  static final class ModeChoice extends Choice<TileWriterJob.Mode> {
    ModeChoice() {
      super(TileWriterJob.Mode.class);
    }
  }

  static final class WriteModeChoice extends Choice<TileWriterJob.WriteMode> {
    WriteModeChoice() {
      super(TileWriterJob.WriteMode.class);
    }
  }
}
