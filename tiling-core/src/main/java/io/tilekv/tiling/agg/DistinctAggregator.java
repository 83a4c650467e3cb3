package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashSet;

/**
 * UNIQUE_COUNT (exact) and BOUNDED_UNIQUE_COUNT (k): the number of distinct values, capped at k
 * for the bounded form. IR: a {@link HashSet} of internal values that stops growing at the cap;
 * since the finalized value is min(|union|, cap), which values were kept does not matter.
 * Distinctness follows the {@link ValueType} order (so 0.0 and -0.0 are two values).
 */
final class DistinctAggregator implements Aggregator<HashSet<Object>> {
  private final ValueType type;
  private final int cap;

  /** @param cap Integer.MAX_VALUE for the exact form */
  DistinctAggregator(ValueType type, int cap) {
    this.type = type;
    this.cap = cap;
  }

  @Override public HashSet<Object> init() { return new HashSet<>(); }

  @Override public HashSet<Object> update(HashSet<Object> ir, Object value, long ts) {
    if (ir.size() < cap) {
      ir.add(type.internal(value));
    }
    return ir;
  }

  @Override public HashSet<Object> merge(HashSet<Object> into, HashSet<Object> other) {
    if (cap == Integer.MAX_VALUE) {
      into.addAll(other);
      return into;
    }
    for (Object v : other) {
      if (into.size() >= cap) {
        break;
      }
      into.add(v);
    }
    return into;
  }

  @Override public HashSet<Object> copy(HashSet<Object> ir) { return new HashSet<>(ir); }

  @Override public Object finalizeValue(HashSet<Object> ir) {
    return (long) Math.min(ir.size(), cap);
  }

  /** Count, then the values in ascending order, so that equal sets encode to equal bytes. */
  @Override public void encode(HashSet<Object> ir, DataOutput out) throws IOException {
    Object[] values = ir.toArray();
    java.util.Arrays.sort(values, type);
    IrIo.writeVarLong(out, values.length);
    for (Object v : values) {
      type.write(out, v);
    }
  }

  @Override public HashSet<Object> decode(DataInput in) throws IOException {
    int n = IrIo.readCount(in, Math.min(cap, IrIo.MAX_COUNT), "value count");
    HashSet<Object> set = new HashSet<>(Math.min(n, 1024) * 2);
    for (int i = 0; i < n; i++) {
      if (!set.add(type.read(in))) {
        throw new IOException("malformed IR: duplicate value at " + i);
      }
    }
    return set;
  }
}
