package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * FIRST and LAST: the value of the earliest / latest event. On equal timestamps FIRST keeps the
 * smaller value and LAST the greater (in the {@link ValueType} order), so the result does not
 * depend on arrival order. IR: a mutable {@link Edge} updated in place.
 */
final class EdgeAggregator implements Aggregator<EdgeAggregator.Edge> {
  /** Mutable IR; {@code value == null} means no event yet. */
  static final class Edge {
    long ts;
    Object value;
  }

  private final ValueType type;
  private final boolean last;

  EdgeAggregator(ValueType type, boolean last) {
    this.type = type;
    this.last = last;
  }

  @Override public Edge init() { return new Edge(); }

  @Override public Edge update(Edge ir, Object value, long ts) {
    Object v = type.internal(value);
    if (ir.value == null || wins(ts, v, ir.ts, ir.value)) {
      ir.ts = ts;
      ir.value = v;
    }
    return ir;
  }

  /** True when (ts, v) should replace (curTs, cur). */
  private boolean wins(long ts, Object v, long curTs, Object cur) {
    if (ts != curTs) {
      return last ? ts > curTs : ts < curTs;
    }
    int c = type.compare(v, cur);
    return last ? c > 0 : c < 0;
  }

  @Override public Edge merge(Edge into, Edge other) {
    if (other.value != null && (into.value == null || wins(other.ts, other.value, into.ts, into.value))) {
      into.ts = other.ts;
      into.value = other.value; // internal values are immutable, so sharing is safe
    }
    return into;
  }

  @Override public Edge copy(Edge ir) {
    Edge e = new Edge();
    e.ts = ir.ts;
    e.value = ir.value;
    return e;
  }

  @Override public Object finalizeValue(Edge ir) {
    return ir.value == null ? null : type.external(ir.value);
  }

  @Override public void encode(Edge ir, DataOutput out) throws IOException {
    out.writeBoolean(ir.value != null);
    if (ir.value != null) {
      IrIo.writeZigZag(out, ir.ts);
      type.write(out, ir.value);
    }
  }

  @Override public Edge decode(DataInput in) throws IOException {
    Edge e = new Edge();
    if (IrIo.readFlag(in, "non-empty")) {
      e.ts = IrIo.readZigZag(in);
      e.value = type.read(in);
    }
    return e;
  }
}
