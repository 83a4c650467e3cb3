package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * VARIANCE, SKEW and KURTOSIS from central moments: IR (n, mean, M2, M3, M4) where Mp is the sum
 * of p-th powers of deviations from the mean. Updates are Welford's (extended by Pébay to M3, M4)
 * and merges use the pairwise formulas of Chan et al. and Pébay (Sandia report SAND2008-6212),
 * which are numerically stable and make the result independent of split up to rounding.
 *
 * <p>Finalized: VARIANCE = M2/n (population); SKEW = sqrt(n) M3 / M2^1.5 (population skewness
 * g1); KURTOSIS = n M4 / M2^2 - 3 (population excess kurtosis g2). Null when n = 0, and for SKEW
 * and KURTOSIS also when M2 = 0 (all values equal), where they are undefined. Identical values
 * give an M2 of exactly 0 in any order, so that case is detected reliably.
 */
final class MomentsAggregator implements Aggregator<MomentsAggregator.Moments> {
  /** Mutable IR. */
  static final class Moments {
    long n;
    double mean;
    double m2;
    double m3;
    double m4;
  }

  private final Operation op;
  private final boolean higher;

  /** @param op VARIANCE, SKEW or KURTOSIS */
  MomentsAggregator(Operation op) {
    this.op = op;
    this.higher = op != Operation.VARIANCE;
  }

  @Override public Moments init() { return new Moments(); }

  @Override public Moments update(Moments ir, Object value, long ts) {
    double x = ((Number) value).doubleValue();
    long n1 = ir.n;
    long n = n1 + 1;
    double delta = x - ir.mean;
    double deltaN = delta / n;
    double term1 = delta * deltaN * n1;
    ir.mean += deltaN;
    if (higher) {
      double deltaN2 = deltaN * deltaN;
      ir.m4 += term1 * deltaN2 * ((double) n * n - 3.0 * n + 3) + 6 * deltaN2 * ir.m2 - 4 * deltaN * ir.m3;
      ir.m3 += term1 * deltaN * (n - 2) - 3 * deltaN * ir.m2;
    }
    ir.m2 += term1;
    ir.n = n;
    return ir;
  }

  @Override public Moments merge(Moments a, Moments b) {
    if (b.n == 0) {
      return a;
    }
    if (a.n == 0) {
      set(a, b);
      return a;
    }
    double na = a.n;
    double nb = b.n;
    double n = na + nb;
    double delta = b.mean - a.mean;
    double d2 = delta * delta;
    if (higher) {
      a.m4 = a.m4 + b.m4
          + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
          + 6 * d2 * (na * na * b.m2 + nb * nb * a.m2) / (n * n)
          + 4 * delta * (na * b.m3 - nb * a.m3) / n;
      a.m3 = a.m3 + b.m3
          + d2 * delta * na * nb * (na - nb) / (n * n)
          + 3 * delta * (na * b.m2 - nb * a.m2) / n;
    }
    a.m2 = a.m2 + b.m2 + d2 * na * nb / n;
    a.mean = a.mean + delta * nb / n;
    a.n = a.n + b.n;
    return a;
  }

  private static void set(Moments to, Moments from) {
    to.n = from.n;
    to.mean = from.mean;
    to.m2 = from.m2;
    to.m3 = from.m3;
    to.m4 = from.m4;
  }

  @Override public Moments copy(Moments ir) {
    Moments m = new Moments();
    set(m, ir);
    return m;
  }

  @Override public Object finalizeValue(Moments ir) {
    if (ir.n == 0) {
      return null;
    }
    double n = ir.n;
    switch (op) {
      case VARIANCE:
        return ir.m2 / n;
      case SKEW:
        return ir.m2 == 0 ? null : Math.sqrt(n) * ir.m3 / Math.pow(ir.m2, 1.5);
      case KURTOSIS:
        return ir.m2 == 0 ? null : n * ir.m4 / (ir.m2 * ir.m2) - 3.0;
      default:
        throw new AssertionError(op);
    }
  }

  /** n, then mean and M2 (and M3, M4 for SKEW/KURTOSIS) when n > 0. */
  @Override public void encode(Moments ir, DataOutput out) throws IOException {
    IrIo.writeVarLong(out, ir.n);
    if (ir.n > 0) {
      out.writeDouble(ir.mean);
      out.writeDouble(ir.m2);
      if (higher) {
        out.writeDouble(ir.m3);
        out.writeDouble(ir.m4);
      }
    }
  }

  @Override public Moments decode(DataInput in) throws IOException {
    Moments m = new Moments();
    m.n = IrIo.readVarLong(in);
    if (m.n < 0) {
      throw new IOException("malformed IR: negative count " + m.n);
    }
    if (m.n > 0) {
      m.mean = in.readDouble();
      m.m2 = in.readDouble();
      if (higher) {
        m.m3 = in.readDouble();
        m.m4 = in.readDouble();
      }
    }
    return m;
  }
}
