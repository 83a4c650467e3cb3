package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FIRST_K, LAST_K, TOP_K and BOTTOM_K: the k best events in one total "rank" order, kept as a
 * sorted bounded multiset (equal values are kept as often as they occur).
 *
 * <p>Ranks: FIRST_K by (ts, value) ascending, LAST_K by (ts, value) descending, TOP_K by value
 * descending, BOTTOM_K by value ascending. Since the rank order is total, the k best are the same
 * whatever the arrival order or split, ties included; FIRST_K/LAST_K break timestamp ties like
 * FIRST/LAST (smaller value first / greater value first). The finalized list holds the values in
 * rank order (FIRST_K oldest first, LAST_K newest first).
 *
 * <p>IR: a {@link Best} with parallel arrays, updated in place with binary-search insertion (no
 * per-event allocation once the arrays reached k).
 */
final class KBestAggregator implements Aggregator<KBestAggregator.Best> {
  /** Mutable IR: entries [0, size) sorted by rank, best first. {@code ts} unused when untimed. */
  static final class Best {
    long[] ts;
    Object[] values;
    int size;

    Best(int capacity) {
      ts = new long[capacity];
      values = new Object[capacity];
    }
  }

  private final ValueType type;
  private final int k;
  private final boolean timed;
  private final boolean descending;

  /**
   * @param timed rank by timestamp first (FIRST_K/LAST_K)
   * @param descending best is greatest (LAST_K, TOP_K)
   */
  KBestAggregator(ValueType type, int k, boolean timed, boolean descending) {
    this.type = type;
    this.k = k;
    this.timed = timed;
    this.descending = descending;
  }

  /** Negative when (ts1, v1) ranks before (ts2, v2). */
  private int rank(long ts1, Object v1, long ts2, Object v2) {
    int c = timed ? Long.compare(ts1, ts2) : 0;
    if (c == 0) {
      c = type.compare(v1, v2);
    }
    return descending ? -c : c;
  }

  @Override public Best init() { return new Best(Math.min(k, 8)); }

  @Override public Best update(Best ir, Object value, long ts) {
    insert(ir, timed ? ts : 0, type.internal(value));
    return ir;
  }

  private void insert(Best ir, long ts, Object v) {
    int n = ir.size;
    if (n == k && rank(ts, v, ir.ts[n - 1], ir.values[n - 1]) >= 0) {
      return; // not better than the worst kept
    }
    // First position whose entry ranks after the new one.
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rank(ir.ts[mid], ir.values[mid], ts, v) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (n == k) {
      n--; // drop the worst
    } else if (n == ir.values.length) {
      int cap = Math.min(k, Math.max(8, n * 2));
      ir.ts = Arrays.copyOf(ir.ts, cap);
      ir.values = Arrays.copyOf(ir.values, cap);
    }
    System.arraycopy(ir.ts, lo, ir.ts, lo + 1, n - lo);
    System.arraycopy(ir.values, lo, ir.values, lo + 1, n - lo);
    ir.ts[lo] = ts;
    ir.values[lo] = v;
    ir.size = n + 1;
  }

  @Override public Best merge(Best into, Best other) {
    int total = Math.min(k, into.size + other.size);
    Best out = new Best(Math.max(total, 1));
    int i = 0;
    int j = 0;
    for (int o = 0; o < total; o++) {
      boolean takeInto = j >= other.size
          || (i < into.size && rank(into.ts[i], into.values[i], other.ts[j], other.values[j]) <= 0);
      if (takeInto) {
        out.ts[o] = into.ts[i];
        out.values[o] = into.values[i++];
      } else {
        out.ts[o] = other.ts[j];
        out.values[o] = other.values[j++]; // internal values are immutable: sharing is safe
      }
    }
    out.size = total;
    return out;
  }

  @Override public Best copy(Best ir) {
    Best b = new Best(Math.max(ir.values.length, 1));
    System.arraycopy(ir.ts, 0, b.ts, 0, ir.size);
    System.arraycopy(ir.values, 0, b.values, 0, ir.size);
    b.size = ir.size;
    return b;
  }

  @Override public Object finalizeValue(Best ir) {
    if (ir.size == 0) {
      return null;
    }
    List<Object> out = new ArrayList<>(ir.size);
    for (int i = 0; i < ir.size; i++) {
      out.add(type.external(ir.values[i]));
    }
    return out;
  }

  /** Size, then per entry (timestamp delta to the previous entry when timed, value). */
  @Override public void encode(Best ir, DataOutput out) throws IOException {
    IrIo.writeVarLong(out, ir.size);
    long prev = 0;
    for (int i = 0; i < ir.size; i++) {
      if (timed) {
        IrIo.writeZigZag(out, ir.ts[i] - prev);
        prev = ir.ts[i];
      }
      type.write(out, ir.values[i]);
    }
  }

  @Override public Best decode(DataInput in) throws IOException {
    int n = IrIo.readCount(in, k, "entry count");
    Best b = new Best(Math.max(Math.min(n, 1024), 1));
    long prev = 0;
    for (int i = 0; i < n; i++) {
      long ts = timed ? prev + IrIo.readZigZag(in) : 0;
      prev = ts;
      Object v = type.read(in);
      if (i > 0 && rank(b.ts[i - 1], b.values[i - 1], ts, v) > 0) {
        throw new IOException("malformed IR: entries out of order at " + i);
      }
      if (i == b.values.length) {
        b.ts = Arrays.copyOf(b.ts, Math.min(n, 2 * i));
        b.values = Arrays.copyOf(b.values, Math.min(n, 2 * i));
      }
      b.ts[i] = ts;
      b.values[i] = v;
      b.size = i + 1;
    }
    return b;
  }
}
