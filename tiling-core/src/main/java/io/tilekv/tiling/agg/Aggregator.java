package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One aggregation over one input column: how its intermediate representation (IR) is built from
 * events, merged across tiles, finalized into a feature value, and written to bytes.
 *
 * <p>IRs are mutable for speed: {@link #update} and {@link #merge} may modify their first argument
 * and return it (callers always use the returned value). {@link #merge} never modifies or retains
 * its second argument, so a cached tile IR can be merged into many results. Implementations are
 * immutable and thread-safe; IRs are not.
 *
 * <p>{@code merge} is associative and commutative, and {@code init()} is its identity, so results
 * never depend on event order or on how events were split into tiles.
 *
 * @param <I> the IR type
 */
public interface Aggregator<I> {

  /** The empty IR: no events. */
  I init();

  /**
   * Adds one event's value. {@code value} is never null (callers skip nulls) and has the Java type
   * of the input column's {@link io.tilekv.tiling.ColumnType}.
   */
  I update(I ir, Object value, long timestampMillis);

  /** Combines two IRs; may modify and return {@code into}; never modifies {@code other}. */
  I merge(I into, I other);

  /** A deep copy that shares nothing mutable with {@code ir}. */
  I copy(I ir);

  /**
   * The feature value: Long, Double, the input's Java type, a List or a Map, or null where the
   * operation has no value over no events.
   */
  Object finalizeValue(I ir);

  /** Writes {@code ir} so that {@link #decode} reads back an equal IR. */
  void encode(I ir, DataOutput out) throws IOException;

  /** Reads an IR written by {@link #encode}; throws IOException on malformed input. */
  I decode(DataInput in) throws IOException;
}
