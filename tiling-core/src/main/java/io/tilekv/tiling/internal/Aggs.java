package io.tilekv.tiling.internal;

import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.agg.Aggregator;
import io.tilekv.tiling.agg.Aggregators;
import io.tilekv.tiling.agg.Operation;
import java.util.Map;

/** The one place where the GroupBy side creates aggregators. */
public final class Aggs {
  private Aggs() {}

  /**
   * The aggregator of {@code op} over an input of {@code type}.
   *
   * @throws IllegalArgumentException if the operation does not apply to the type or an argument
   *     is missing or invalid
   */
  public static Aggregator<Object> create(Operation op, ColumnType type, Map<String, Object> args) {
    return Aggregators.create(op, type, args);
  }
}
