package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** SUM and AVERAGE. Their IRs are primitive arrays updated in place (no per-event allocation). */
final class SumAggregators {
  private SumAggregators() {}

  /**
   * SUM of LONG/INT input. IR {@code long[]{sum, nonEmpty}}. Overflow wraps around (two's complement), which
   * keeps the sum independent of order and split.
   */
  static final class LongSum implements Aggregator<long[]> {
    static final LongSum INSTANCE = new LongSum();

    @Override public long[] init() { return new long[2]; }

    @Override public long[] update(long[] ir, Object value, long ts) {
      ir[0] += ((Number) value).longValue();
      ir[1] = 1;
      return ir;
    }

    @Override public long[] merge(long[] into, long[] other) {
      into[0] += other[0];
      into[1] |= other[1];
      return into;
    }

    @Override public long[] copy(long[] ir) { return ir.clone(); }

    @Override public Object finalizeValue(long[] ir) { return ir[1] == 0 ? null : ir[0]; }

    @Override public void encode(long[] ir, DataOutput out) throws IOException {
      out.writeBoolean(ir[1] != 0);
      if (ir[1] != 0) {
        IrIo.writeZigZag(out, ir[0]);
      }
    }

    @Override public long[] decode(DataInput in) throws IOException {
      long[] ir = init();
      if (IrIo.readFlag(in, "non-empty")) {
        ir[0] = IrIo.readZigZag(in);
        ir[1] = 1;
      }
      return ir;
    }
  }

  /**
   * SUM of DOUBLE/FLOAT input (and the sum inside AVERAGE). IR {@code double[]{sum, compensation,
   * count}} with Neumaier compensated summation, so that the result depends on event order and
   * split only in the last bits. The count (exact below 2^53) tells empty from a zero sum.
   */
  static class DoubleSum implements Aggregator<double[]> {
    static final DoubleSum INSTANCE = new DoubleSum();

    @Override public double[] init() { return new double[3]; }

    @Override public double[] update(double[] ir, Object value, long ts) {
      add(ir, ((Number) value).doubleValue());
      ir[2] += 1;
      return ir;
    }

    @Override public double[] merge(double[] into, double[] other) {
      add(into, other[0]);
      add(into, other[1]);
      into[2] += other[2];
      return into;
    }

    private static void add(double[] ir, double x) {
      double s = ir[0];
      double t = s + x;
      ir[1] += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
      ir[0] = t;
    }

    static double sum(double[] ir) {
      // Once an infinity or NaN entered, the compensation is meaningless (NaN).
      return Double.isFinite(ir[0]) ? ir[0] + ir[1] : ir[0];
    }

    @Override public double[] copy(double[] ir) { return ir.clone(); }

    @Override public Object finalizeValue(double[] ir) { return ir[2] == 0 ? null : sum(ir); }

    @Override public void encode(double[] ir, DataOutput out) throws IOException {
      IrIo.writeVarLong(out, (long) ir[2]);
      if (ir[2] != 0) {
        out.writeDouble(ir[0]);
        out.writeDouble(ir[1]);
      }
    }

    @Override public double[] decode(DataInput in) throws IOException {
      double[] ir = init();
      long n = IrIo.readVarLong(in);
      if (n < 0) {
        throw new IOException("malformed IR: negative count " + n);
      }
      ir[2] = n;
      if (ir[2] != 0) {
        ir[0] = in.readDouble();
        ir[1] = in.readDouble();
      }
      return ir;
    }
  }

  /** AVERAGE: the compensated double sum divided by the count; null when empty. */
  static final class Average extends DoubleSum {
    static final Average INSTANCE = new Average();

    @Override public Object finalizeValue(double[] ir) {
      return ir[2] == 0 ? null : sum(ir) / ir[2];
    }
  }
}
