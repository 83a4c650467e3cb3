package io.tilekv.tiling.agg;

import io.tilekv.tiling.ColumnType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One aggregation under test: operation, input type and args; plus the list of all of them. */
record Case(Operation op, ColumnType type, Map<String, Object> args) {

  /** Operations whose finalized value is a floating-point computation (compared with tolerance). */
  static final Set<Operation> FLOATING =
      EnumSet.of(Operation.AVERAGE, Operation.VARIANCE, Operation.SKEW, Operation.KURTOSIS);

  /** Operations whose encoded IR is the same for the same events in any order and split. */
  static final Set<Operation> BYTE_STABLE = EnumSet.of(Operation.COUNT, Operation.MIN,
      Operation.MAX, Operation.FIRST, Operation.LAST, Operation.FIRST_K, Operation.LAST_K,
      Operation.TOP_K, Operation.BOTTOM_K, Operation.UNIQUE_COUNT, Operation.HISTOGRAM);

  Agg agg() {
    return Agg.of(op, type, args);
  }

  /** Arithmetic operations get finite values of moderate size (no NaN, infinities or overflow). */
  boolean arithmetic() {
    return FLOATING.contains(op) || op == Operation.SUM;
  }

  boolean floatingResult() {
    return FLOATING.contains(op) || (op == Operation.SUM && !type.isIntegral());
  }

  boolean byteStable() {
    return BYTE_STABLE.contains(op) || (op == Operation.SUM && type.isIntegral());
  }

  int k() {
    Object k = args.get("k");
    return k == null ? (op == Operation.APPROX_PERCENTILE ? Aggregators.DEFAULT_KLL_K
        : Aggregators.DEFAULT_K) : ((Number) k).intValue();
  }

  /** Every operation over every input type it accepts, with a few arg variants. */
  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (Operation op : Operation.values()) {
      for (ColumnType type : ColumnType.values()) {
        if (Aggregators.needsNumeric(op) && !type.isNumeric()) {
          continue;
        }
        for (Map<String, Object> args : argVariants(op)) {
          cases.add(new Case(op, type, args));
        }
      }
    }
    return cases;
  }

  private static List<Map<String, Object>> argVariants(Operation op) {
    switch (op) {
      case FIRST_K: case LAST_K: case TOP_K: case BOTTOM_K: case BOUNDED_UNIQUE_COUNT:
        return List.of(Map.of("k", 1), Map.of("k", 3), Map.of());
      case APPROX_UNIQUE_COUNT:
        return List.of(Map.of(), Map.of("lgK", 8));
      case APPROX_PERCENTILE:
        return List.of(Map.of("percentiles", List.of(0.0, 0.25, 0.5, 0.99, 1.0)),
            Map.of("k", 8, "percentiles", List.of(0.1, 0.5, 0.9)));
      case APPROX_FREQUENT_K:
        return List.of(Map.of(), Map.of("k", 2, "lgMaxMapSize", 3));
      default:
        return List.of(Map.of());
    }
  }

  @Override
  public String toString() {
    return op + "(" + type + (args.isEmpty() ? "" : ", " + args) + ")";
  }
}
