package io.tilekv.tiling.internal;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Unsynchronized {@link DataInput} over part of a byte array whose end can be moved: reading past
 * the end throws {@link EOFException}. Decoding a tile reads each IR through one of these instead
 * of a DataInputStream, which allocates buffers per instance.
 */
public final class ByteSlice extends InputStream implements DataInput {
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

  /** Bytes left before the end of the array. */
  public int remainingInArray() {
    return bytes.length - pos;
  }

  public void limit(int limit) {
    this.limit = limit;
  }

  private int need(int n) throws EOFException {
    if (limit - pos < n) {
      throw new EOFException("needs " + n + " more bytes, " + (limit - pos) + " left");
    }
    int p = pos;
    pos += n;
    return p;
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
  public int available() {
    return limit - pos;
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    System.arraycopy(bytes, need(len), b, off, len);
  }

  @Override
  public int skipBytes(int n) {
    int k = Math.max(0, Math.min(n, limit - pos));
    pos += k;
    return k;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return bytes[need(1)] != 0;
  }

  @Override
  public byte readByte() throws IOException {
    return bytes[need(1)];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return bytes[need(1)] & 0xff;
  }

  @Override
  public short readShort() throws IOException {
    int p = need(2);
    return (short) ((bytes[p] << 8) | (bytes[p + 1] & 0xff));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xffff;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    int p = need(4);
    return (bytes[p] << 24) | ((bytes[p + 1] & 0xff) << 16) | ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
  }

  @Override
  public long readLong() throws IOException {
    return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  @Override
  public String readLine() {
    throw new UnsupportedOperationException("IRs have no text lines");
  }

  @Override
  public String readUTF() throws IOException {
    return DataInputStream.readUTF(this);
  }
}
