package io.tilekv.tiling.internal;

import java.io.InputStream;

/** An unsynchronized input stream over part of a byte array whose end can be moved. */
public final class ByteSlice extends InputStream {
  private final byte[] bytes;
  private int pos;
  private int limit;

  public ByteSlice(byte[] bytes, int pos) {
    this.bytes = bytes;
    this.pos = pos;
    this.limit = bytes.length;
  }

  public int position() {
    return pos;
  }

  /** Bytes left before the current limit. */
  public int remainingInLimit() {
    return limit - pos;
  }

  /** Bytes left before the end of the array. */
  public int remainingInArray() {
    return bytes.length - pos;
  }

  public void limit(int limit) {
    this.limit = limit;
  }

  @Override
  public int read() {
    return pos < limit ? bytes[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= limit) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(bytes, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) {
    int k = (int) Math.max(0, Math.min(n, limit - pos));
    pos += k;
    return k;
  }

  @Override
  public int available() {
    return limit - pos;
  }
}
