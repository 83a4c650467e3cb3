package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * MIN and MAX in the {@link ValueType} total order. IR: a one-slot {@code Object[]} holding the
 * internal value, or null when empty; updated in place.
 */
final class ExtremeAggregator implements Aggregator<Object[]> {
  private final ValueType type;
  private final boolean max;

  ExtremeAggregator(ValueType type, boolean max) {
    this.type = type;
    this.max = max;
  }

  @Override public Object[] init() { return new Object[1]; }

  @Override public Object[] update(Object[] ir, Object value, long ts) {
    Object v = type.internal(value);
    offer(ir, v);
    return ir;
  }

  private void offer(Object[] ir, Object v) {
    Object cur = ir[0];
    if (cur == null) {
      ir[0] = v;
    } else {
      int c = type.compare(v, cur);
      if (max ? c > 0 : c < 0) {
        ir[0] = v;
      }
    }
  }

  @Override public Object[] merge(Object[] into, Object[] other) {
    if (other[0] != null) {
      offer(into, other[0]); // internal values are immutable: sharing is safe
    }
    return into;
  }

  @Override public Object[] copy(Object[] ir) { return ir.clone(); }

  @Override public Object finalizeValue(Object[] ir) {
    return ir[0] == null ? null : type.external(ir[0]);
  }

  @Override public void encode(Object[] ir, DataOutput out) throws IOException {
    out.writeBoolean(ir[0] != null);
    if (ir[0] != null) {
      type.write(out, ir[0]);
    }
  }

  @Override public Object[] decode(DataInput in) throws IOException {
    Object[] ir = init();
    if (IrIo.readFlag(in, "non-empty")) {
      ir[0] = type.read(in);
    }
    return ir;
  }
}
