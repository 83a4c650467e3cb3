package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * HISTOGRAM: value -> number of events with that value. IR: a {@link HashMap} from internal
 * value to a one-slot {@code long[]} counter, so repeated values allocate nothing. The finalized
 * value is a {@link TreeMap} sorted in the {@link ValueType} order (for bytes columns the keys are
 * {@code byte[]}, compared by content by that map's comparator).
 */
final class HistogramAggregator implements Aggregator<HashMap<Object, long[]>> {
  private final ValueType type;

  HistogramAggregator(ValueType type) {
    this.type = type;
  }

  @Override public HashMap<Object, long[]> init() { return new HashMap<>(); }

  @Override public HashMap<Object, long[]> update(HashMap<Object, long[]> ir, Object value, long ts) {
    Object v = type.internal(value);
    long[] c = ir.get(v);
    if (c == null) {
      ir.put(v, new long[] {1});
    } else {
      c[0]++;
    }
    return ir;
  }

  @Override public HashMap<Object, long[]> merge(HashMap<Object, long[]> into, HashMap<Object, long[]> other) {
    for (Map.Entry<Object, long[]> e : other.entrySet()) {
      long[] c = into.get(e.getKey());
      if (c == null) {
        into.put(e.getKey(), new long[] {e.getValue()[0]}); // never share other's counters
      } else {
        c[0] += e.getValue()[0];
      }
    }
    return into;
  }

  @Override public HashMap<Object, long[]> copy(HashMap<Object, long[]> ir) {
    return merge(new HashMap<>(ir.size() * 2), ir);
  }

  @Override public Object finalizeValue(HashMap<Object, long[]> ir) {
    if (ir.isEmpty()) {
      return null;
    }
    Comparator<Object> order = type == ValueType.BYTES
        ? (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b)
        : type;
    TreeMap<Object, Long> out = new TreeMap<>(order);
    for (Map.Entry<Object, long[]> e : ir.entrySet()) {
      out.put(type.external(e.getKey()), e.getValue()[0]);
    }
    return out;
  }

  /** Count, then (value, count) in ascending value order: equal maps encode to equal bytes. */
  @Override public void encode(HashMap<Object, long[]> ir, DataOutput out) throws IOException {
    Object[] keys = ir.keySet().toArray();
    Arrays.sort(keys, type);
    IrIo.writeVarLong(out, keys.length);
    for (Object key : keys) {
      type.write(out, key);
      IrIo.writeVarLong(out, ir.get(key)[0]);
    }
  }

  @Override public HashMap<Object, long[]> decode(DataInput in) throws IOException {
    int n = IrIo.readCount(in, IrIo.MAX_COUNT, "entry count");
    HashMap<Object, long[]> map = new HashMap<>(Math.min(n, 1024) * 2);
    for (int i = 0; i < n; i++) {
      Object key = type.read(in);
      long count = IrIo.readVarLong(in);
      if (count <= 0) {
        throw new IOException("malformed IR: count " + count + " at " + i);
      }
      if (map.put(key, new long[] {count}) != null) {
        throw new IOException("malformed IR: duplicate value at " + i);
      }
    }
    return map;
  }
}
