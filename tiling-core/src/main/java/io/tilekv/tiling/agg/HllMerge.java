package io.tilekv.tiling.agg;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * The union of many stored HLL_8 sketches, read where they lie: the estimate DataSketches'
 * {@code Union} gives for the same sketches (the tests check they are equal), without its cost
 * per register.
 *
 * <p>It reads the DataSketches HLL serialization (family 7, serialization version 1), whose layout
 * that library documents and keeps stable across releases: an 8-byte preamble (preamble ints,
 * version, family, lgK, lgArr, flags, list count or cur min, mode = current mode | target type
 * &lt;&lt; 2); a compact LIST holds its coupons from byte 8, a compact SET its count at byte 8 and
 * its coupons from 12; an HLL_8 array its 2^lgK one-byte registers from byte 40. A coupon is a
 * register address in its low 26 bits and a register value in its high 6.
 *
 * <p>The merged registers are handed back to DataSketches as an out-of-order HLL_8 image with the
 * register sums its composite estimator reads (what its union computes after merging), so the
 * estimator itself stays the library's.
 */
final class HllMerge {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final int HLL_START = 40;
  private static final int LIST = 0;
  private static final int SET = 1;
  private static final int HLL = 2;
  private static final int HLL_8 = 2;
  private static final int EMPTY_FLAG = 4;
  private static final int COMPACT_FLAG = 8;
  private static final int OUT_OF_ORDER_FLAG = 16;
  /** The largest register value of HLL_8: 64 - lgK + 1 at lgK 4. */
  private static final int MAX_VALUE = 61;

  private HllMerge() {}

  /**
   * Checks that {@code image} is a compact HLL_8 serialization of {@code lgK} whose length matches
   * its header.
   *
   * @return true when the sketch is empty
   * @throws IOException naming what does not fit
   */
  static boolean checkImage(int lgK, byte[] image) throws IOException {
    if (image.length < 8) {
      throw new IOException("HLL sketch of " + image.length + " bytes is shorter than its preamble");
    }
    if (image[1] != 1) {
      throw new IOException("HLL serialization version " + image[1] + ", expected 1");
    }
    if (image[3] != lgK) {
      throw new IOException("HLL sketch of lgK " + image[3] + ", the aggregation has lgK " + lgK);
    }
    int mode = image[7] & 0xff;
    if ((mode >>> 2) != HLL_8) {
      throw new IOException("HLL sketch of type " + (mode >>> 2) + ", expected HLL_8");
    }
    int flags = image[5];
    int expected;
    switch (mode & 3) {
      case LIST:
        if ((flags & COMPACT_FLAG) == 0) {
          throw new IOException("HLL coupon list is not compact");
        }
        expected = 8 + 4 * (image[6] & 0xff);
        break;
      case SET:
        if ((flags & COMPACT_FLAG) == 0 || image.length < 12) {
          throw new IOException("HLL coupon set is not compact or is truncated");
        }
        expected = 12 + 4 * (int) Math.min(1 << 20, (long) intAt(image, 8) & 0xffffffffL);
        break;
      case HLL:
        expected = HLL_START + (1 << lgK);
        break;
      default:
        throw new IOException("HLL sketch in unknown mode " + (mode & 3));
    }
    if (image.length != expected) {
      throw new IOException("HLL sketch of " + image.length + " bytes, its header says " + expected);
    }
    return (flags & EMPTY_FLAG) != 0 && (mode & 3) == LIST && image[6] == 0;
  }

  /** True for a sketch in HLL mode (an array of registers), false for a coupon list or set. */
  static boolean isDense(byte[] image) {
    return (image[7] & 3) == HLL;
  }

  /**
   * True when {@code union} (of target HLL_8) holds registers rather than coupons: only then is
   * its compact form the preamble plus one byte per register (a coupon set stays far smaller).
   */
  static boolean isDense(Union union, int lgK) {
    return union.getCompactSerializationBytes() == HLL_START + (1 << lgK);
  }

  /**
   * The estimate of the union of {@code images} (each passed {@link #checkImage} for {@code lgK}).
   *
   * @throws IllegalStateException if a register or coupon value is out of range (a damaged tile
   *     that passed the checks of its header)
   */
  static double estimate(int lgK, List<byte[]> images) {
    int k = 1 << lgK;
    byte[] merged = new byte[HLL_START + k];
    long bad = 0;
    boolean dense = false;
    for (byte[] image : images) {
      if ((image[7] & 3) == HLL) {
        dense = true;
        for (int i = HLL_START; i < merged.length; i += 8) {
          long a = (long) LONGS.get(merged, i);
          long b = (long) LONGS.get(image, i);
          bad |= b;
          LONGS.set(merged, i, max(a, b));
        }
      }
    }
    if ((bad & HIGH_BITS) != 0) {
      throw new IllegalStateException("HLL register above 127: the sketch is damaged");
    }
    int mask = k - 1;
    int coupons = 0;
    for (byte[] image : images) {
      int mode = image[7] & 3;
      if (mode == HLL) {
        continue;
      }
      int start = mode == LIST ? 8 : 12;
      for (int i = start; i < image.length; i += 4) {
        int coupon = intAt(image, i);
        int value = coupon >>> 26;
        if (value == 0 || value > MAX_VALUE) {
          throw new IllegalStateException("HLL coupon value " + value + " out of range: the sketch is damaged");
        }
        int slot = HLL_START + (coupon & mask);
        if (value > merged[slot]) {
          merged[slot] = (byte) value;
        }
        coupons++;
      }
    }
    if (!dense && coupons == 0) {
      return 0;
    }
    double kxq0 = 0;
    double kxq1 = 0;
    int zeros = 0;
    for (int i = HLL_START; i < merged.length; i++) {
      int v = merged[i];
      if (v > MAX_VALUE) {
        throw new IllegalStateException("HLL register value " + v + " out of range: the sketch is damaged");
      }
      if (v == 0) {
        zeros++;
        kxq0 += 1;
      } else if (v < 32) {
        kxq0 += INV_POW2[v];
      } else {
        kxq1 += INV_POW2[v];
      }
    }
    merged[0] = 10; // preamble ints of an HLL array
    merged[1] = 1;
    merged[2] = 7;
    merged[3] = (byte) lgK;
    merged[5] = OUT_OF_ORDER_FLAG; // a union: the composite estimator, not HIP
    merged[7] = (byte) (HLL_8 << 2 | HLL);
    LONGS.set(merged, 16, Double.doubleToRawLongBits(kxq0));
    LONGS.set(merged, 24, Double.doubleToRawLongBits(kxq1));
    merged[32] = (byte) zeros;
    merged[33] = (byte) (zeros >>> 8);
    merged[34] = (byte) (zeros >>> 16);
    merged[35] = (byte) (zeros >>> 24);
    return HllSketch.wrap(Memory.wrap(merged)).getEstimate();
  }

  /** Byte-wise maximum of two words whose bytes are all below 128. */
  private static long max(long a, long b) {
    // Per byte, (a | 0x80) - b keeps its high bit exactly when a >= b, and never borrows.
    long ge = ((a | HIGH_BITS) - b) & HIGH_BITS;
    long mask = (ge >>> 7) * 0xff;
    return (a & mask) | (b & ~mask);
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }

  private static final double[] INV_POW2 = new double[64];

  static {
    for (int i = 0; i < 64; i++) {
      INV_POW2[i] = Math.scalb(1.0, -i);
    }
  }
}
