package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** COUNT: the number of non-null values. IR: a one-slot {@code long[]} updated in place. */
final class CountAggregator implements Aggregator<long[]> {
  static final CountAggregator INSTANCE = new CountAggregator();

  @Override public long[] init() { return new long[1]; }

  @Override public long[] update(long[] ir, Object value, long ts) {
    ir[0]++;
    return ir;
  }

  @Override public long[] merge(long[] into, long[] other) {
    into[0] += other[0];
    return into;
  }

  @Override public long[] copy(long[] ir) { return ir.clone(); }

  @Override public Object finalizeValue(long[] ir) { return ir[0]; }

  @Override public void encode(long[] ir, DataOutput out) throws IOException {
    IrIo.writeVarLong(out, ir[0]);
  }

  @Override public long[] decode(DataInput in) throws IOException {
    long n = IrIo.readVarLong(in);
    if (n < 0) {
      throw new IOException("malformed IR: negative count " + n);
    }
    return new long[] {n};
  }
}
