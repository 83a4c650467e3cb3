package io.tilekv.tiling.agg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the {@code args} of one aggregation; errors name the operation and the arg. */
final class Args {
  private final Operation op;
  private final Map<String, Object> args;

  Args(Operation op, Map<String, Object> args, Set<String> allowed) {
    this.op = op;
    this.args = args;
    for (String name : args.keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(op + ": unknown arg '" + name + "'"
            + (allowed.isEmpty() ? " (takes no args)" : "; allowed: " + new TreeSet<>(allowed)));
      }
    }
  }

  /** An integer arg within [min, max]; integral numbers and numeric strings are accepted. */
  int integer(String name, int defaultValue, int min, int max) {
    Object raw = args.get(name);
    if (raw == null) {
      return defaultValue;
    }
    long v;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      v = ((Number) raw).longValue();
    } else if (raw instanceof Number && ((Number) raw).doubleValue() == Math.rint(((Number) raw).doubleValue())
        && Math.abs(((Number) raw).doubleValue()) < 1e18) {
      v = (long) ((Number) raw).doubleValue();
    } else if (raw instanceof String) {
      try {
        v = Long.parseLong(((String) raw).trim());
      } catch (NumberFormatException e) {
        throw bad(name, raw, "an integer in [" + min + ", " + max + "]");
      }
    } else {
      throw bad(name, raw, "an integer in [" + min + ", " + max + "]");
    }
    if (v < min || v > max) {
      throw bad(name, raw, "an integer in [" + min + ", " + max + "]");
    }
    return (int) v;
  }

  /** A non-empty list of fractions in [0, 1] (a single number is a list of one). */
  double[] fractions(String name, double[] defaultValue) {
    Object raw = args.get(name);
    if (raw == null) {
      return defaultValue.clone();
    }
    List<?> items = raw instanceof List ? (List<?>) raw : List.of(raw);
    if (items.isEmpty()) {
      throw bad(name, raw, "a non-empty list of numbers in [0, 1]");
    }
    List<Double> out = new ArrayList<>();
    for (Object item : items) {
      double d;
      if (item instanceof Number) {
        d = ((Number) item).doubleValue();
      } else if (item instanceof String) {
        try {
          d = Double.parseDouble(((String) item).trim());
        } catch (NumberFormatException e) {
          throw bad(name, raw, "a non-empty list of numbers in [0, 1]");
        }
      } else {
        throw bad(name, raw, "a non-empty list of numbers in [0, 1]");
      }
      if (!(d >= 0.0 && d <= 1.0)) {
        throw new IllegalArgumentException(op + ": arg '" + name + "' has " + item
            + ", outside [0, 1]");
      }
      out.add(d);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private IllegalArgumentException bad(String name, Object raw, String expected) {
    return new IllegalArgumentException(op + ": arg '" + name + "' must be " + expected
        + ", got " + raw);
  }
}
