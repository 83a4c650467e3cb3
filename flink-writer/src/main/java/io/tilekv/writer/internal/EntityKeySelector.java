package io.tilekv.writer.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys rows by their entity key ({@link TileFunction#keyOf}). */
public final class EntityKeySelector implements KeySelector<Row, String> {
  private static final long serialVersionUID = 1L;

  private final GroupBySpec groupBy;

  public EntityKeySelector(GroupBy groupBy) {
    this.groupBy = GroupBySpec.of(groupBy);
  }

  @Override
  public String getKey(Row row) {
    return TileFunction.keyOf(groupBy.get().entityKey(row).bytes());
  }
}
