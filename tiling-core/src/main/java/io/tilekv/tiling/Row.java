package io.tilekv.tiling;

import io.tilekv.spi.EntityKey;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Base64;

/**
 * One event, typed by a GroupBy's {@link Schema}: a value per column (null where absent) in
 * schema order, each of the Java type of its {@link ColumnType} (String, Long, Integer, Double,
 * Float, Boolean, byte[]), plus its timestamp in epoch millis.
 *
 * <p>Create rows with {@link GroupBy#row(Object...)}, {@link GroupBy#row(java.util.Map)} or an
 * {@link EventParser}; all check the types. Rows are immutable (do not modify a {@code byte[]}
 * value obtained from {@link #get(int)}) and serializable.
 */
public final class Row implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Object[] values;
  private final long timestamp;

  Row(Object[] values, long timestamp) {
    this.values = values;
    this.timestamp = timestamp;
  }

  /** The value of column {@code column} (a schema position), or null. */
  public Object get(int column) {
    return values[column];
  }

  /** Number of columns. */
  public int size() {
    return values.length;
  }

  /** The event time in epoch millis (the value of the GroupBy's timestamp column). */
  public long timestamp() {
    return timestamp;
  }

  /** The entity key of this event under {@code groupBy}; same as {@link GroupBy#entityKey(Row)}. */
  public EntityKey entityKey(GroupBy groupBy) {
    return groupBy.entityKey(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && r.timestamp == timestamp && Arrays.deepEquals(r.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values) * 31 + Long.hashCode(timestamp);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Row[");
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      sb.append(i == 0 ? "" : ", ")
          .append(v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v);
    }
    return sb.append(']').toString();
  }
}
