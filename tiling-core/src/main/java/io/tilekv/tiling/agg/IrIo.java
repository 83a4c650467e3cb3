package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Compact primitives shared by the IR encodings: LEB128 varints, zigzag longs, length-prefixed
 * bytes. Every reader validates what it reads, so truncated or garbage input ends in an
 * IOException (EOFException for truncation) rather than a runtime exception or a huge allocation.
 */
final class IrIo {
  /** Largest element count an IR may declare; a garbage count beyond it fails fast. */
  static final int MAX_COUNT = 1 << 26;
  /** Largest byte length of one value or sketch. */
  static final int MAX_BYTES = 1 << 30;
  private static final int CHUNK = 1 << 16;

  private IrIo() {}

  static void writeVarLong(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readVarLong(DataInput in) throws IOException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IOException("malformed varint: more than 10 bytes");
  }

  static void writeZigZag(DataOutput out, long v) throws IOException {
    writeVarLong(out, (v << 1) ^ (v >> 63));
  }

  static long readZigZag(DataInput in) throws IOException {
    long z = readVarLong(in);
    return (z >>> 1) ^ -(z & 1);
  }

  /** Reads a non-negative count no larger than {@code max}. */
  static int readCount(DataInput in, long max, String what) throws IOException {
    long n = readVarLong(in);
    if (n < 0 || n > max) {
      throw new IOException("malformed IR: " + what + " " + Long.toUnsignedString(n)
          + " outside [0, " + max + "]");
    }
    return (int) n;
  }

  static boolean readFlag(DataInput in, String what) throws IOException {
    int b = in.readUnsignedByte();
    if (b > 1) {
      throw new IOException("malformed IR: " + what + " flag is " + b + ", expected 0 or 1");
    }
    return b == 1;
  }

  static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    writeVarLong(out, bytes.length);
    out.write(bytes);
  }

  /**
   * Reads a length-prefixed byte string. Large lengths are read in chunks, so a garbage length
   * costs at most the bytes actually present.
   */
  static byte[] readBytes(DataInput in) throws IOException {
    return readExactly(in, readCount(in, MAX_BYTES, "byte length"));
  }

  /** Reads exactly {@code len} bytes, growing the buffer only as bytes actually arrive. */
  static byte[] readExactly(DataInput in, int len) throws IOException {
    if (len <= CHUNK) {
      byte[] b = new byte[len];
      in.readFully(b);
      return b;
    }
    byte[] b = new byte[CHUNK];
    int filled = 0;
    while (filled < len) {
      if (filled == b.length) {
        b = Arrays.copyOf(b, (int) Math.min(len, 2L * b.length));
      }
      int step = Math.min(b.length - filled, CHUNK);
      in.readFully(b, filled, step);
      filled += step;
    }
    return b;
  }
}
