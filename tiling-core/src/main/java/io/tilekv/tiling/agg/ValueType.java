package io.tilekv.tiling.agg;

import io.tilekv.tiling.ColumnType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/**
 * How aggregators see the values of one column type: the internal form kept in IRs, one total
 * order, and a compact binary form.
 *
 * <p>Internal forms are the column's Java type, except that {@code byte[]} becomes
 * {@link ByteKey} (content equality). The total order is the natural one, with
 * {@link Double#compare}/{@link Float#compare} for floating point (-0.0 before 0.0, NaN after
 * +Infinity, NaN equal to itself), {@code false < true}, strings by UTF-16 code units
 * ({@link String#compareTo}) and bytes unsigned lexicographically. Equality everywhere (sets,
 * histogram keys, ties) is the equality of this order.
 */
enum ValueType implements Comparator<Object> {
  STRING {
    @Override Object internal(Object v) { return (String) v; }
    @Override public int compare(Object a, Object b) { return ((String) a).compareTo((String) b); }
    @Override void write(DataOutput out, Object v) throws IOException { writeString(out, (String) v); }
    @Override Object read(DataInput in) throws IOException { return readString(in); }
  },
  LONG {
    @Override Object internal(Object v) {
      return v instanceof Long ? v : Long.valueOf(((Number) v).longValue());
    }
    @Override public int compare(Object a, Object b) { return Long.compare((Long) a, (Long) b); }
    @Override void write(DataOutput out, Object v) throws IOException { IrIo.writeZigZag(out, (Long) v); }
    @Override Object read(DataInput in) throws IOException { return IrIo.readZigZag(in); }
  },
  INT {
    @Override Object internal(Object v) {
      return v instanceof Integer ? v : Integer.valueOf(((Number) v).intValue());
    }
    @Override public int compare(Object a, Object b) { return Integer.compare((Integer) a, (Integer) b); }
    @Override void write(DataOutput out, Object v) throws IOException { IrIo.writeZigZag(out, (Integer) v); }
    @Override Object read(DataInput in) throws IOException {
      long v = IrIo.readZigZag(in);
      if (v != (int) v) {
        throw new IOException("malformed IR: int value out of range: " + v);
      }
      return (int) v;
    }
  },
  DOUBLE {
    @Override Object internal(Object v) {
      return v instanceof Double ? v : Double.valueOf(((Number) v).doubleValue());
    }
    @Override public int compare(Object a, Object b) { return Double.compare((Double) a, (Double) b); }
    @Override void write(DataOutput out, Object v) throws IOException { out.writeDouble((Double) v); }
    @Override Object read(DataInput in) throws IOException { return in.readDouble(); }
  },
  FLOAT {
    @Override Object internal(Object v) {
      return v instanceof Float ? v : Float.valueOf(((Number) v).floatValue());
    }
    @Override public int compare(Object a, Object b) { return Float.compare((Float) a, (Float) b); }
    @Override void write(DataOutput out, Object v) throws IOException { out.writeFloat((Float) v); }
    @Override Object read(DataInput in) throws IOException { return in.readFloat(); }
  },
  BOOLEAN {
    @Override Object internal(Object v) { return (Boolean) v; }
    @Override public int compare(Object a, Object b) { return Boolean.compare((Boolean) a, (Boolean) b); }
    @Override void write(DataOutput out, Object v) throws IOException { out.writeBoolean((Boolean) v); }
    @Override Object read(DataInput in) throws IOException { return IrIo.readFlag(in, "boolean value"); }
  },
  BYTES {
    @Override Object internal(Object v) {
      return v instanceof ByteKey ? v : ByteKey.copyOf((byte[]) v);
    }
    @Override Object external(Object v) { return ((ByteKey) v).toByteArray(); }
    @Override public int compare(Object a, Object b) { return ((ByteKey) a).compareTo((ByteKey) b); }
    @Override void write(DataOutput out, Object v) throws IOException {
      IrIo.writeBytes(out, ((ByteKey) v).bytes());
    }
    @Override Object read(DataInput in) throws IOException { return ByteKey.own(IrIo.readBytes(in)); }
  };

  static ValueType of(ColumnType type) {
    Objects.requireNonNull(type, "type is null");
    return valueOf(type.name());
  }

  /** The IR form of an input value (numbers of another boxed type are converted). */
  abstract Object internal(Object value);

  /** The finalized (caller-visible) form of an internal value; never shares mutable state. */
  Object external(Object internal) {
    return internal;
  }

  abstract void write(DataOutput out, Object internal) throws IOException;

  abstract Object read(DataInput in) throws IOException;

  /**
   * Strings are UTF-8 unless they hold an unpaired surrogate, which UTF-8 cannot carry; those are
   * written as raw UTF-16 code units so that every string round-trips exactly. The low bit of the
   * length header says which.
   */
  static void writeString(DataOutput out, String s) throws IOException {
    if (isWellFormed(s)) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      IrIo.writeVarLong(out, (long) b.length << 1);
      out.write(b);
    } else {
      // Charsets replace unpaired surrogates, so write the raw UTF-16 code units.
      IrIo.writeVarLong(out, ((long) s.length() << 2) | 1);
      out.writeChars(s);
    }
  }

  static String readString(DataInput in) throws IOException {
    long header = IrIo.readVarLong(in);
    long len = (header & 1) == 0 ? header >>> 1 : (header >>> 2) * 2;
    if (header < 0 || len > IrIo.MAX_BYTES) {
      throw new IOException("malformed IR: string length " + Long.toUnsignedString(len));
    }
    byte[] b = IrIo.readExactly(in, (int) len);
    if ((header & 1) == 0) {
      return new String(b, StandardCharsets.UTF_8);
    }
    char[] chars = new char[b.length / 2];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ((b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF));
    }
    return new String(chars);
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
