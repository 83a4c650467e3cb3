package io.tilekv.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The canonical bytes of an entity key: the ordered tuple of a GroupBy's key column values.
 *
 * <p>Each value is written as a type tag followed by a fixed-width big-endian number or by a
 * length-prefixed byte string. The encoding is therefore self-delimiting and injective: two
 * different tuples never share bytes ({@code ("ab","c")} differs from {@code ("a","bc")}, a null
 * from an empty string, an {@code int} 1 from a {@code long} 1), and it depends on nothing but the
 * values (no charset, locale or JVM). Doubles and floats use their canonical bit patterns (every
 * NaN is the same key; {@code 0.0} and {@code -0.0} are different keys).
 *
 * <p>Immutable; equality is by encoded bytes. {@link #decode(byte[])} reverses {@link #bytes()}.
 */
public final class EntityKey {
  private static final byte NULL = 0, STRING = 1, LONG = 2, INT = 3, DOUBLE = 4, FLOAT = 5,
      BOOLEAN = 6, BYTES = 7;

  private final byte[] bytes;

  private EntityKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A key from Java values, typed by their class: String, Long, Integer, Double, Float, Boolean,
   * byte[] or null.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static EntityKey of(Object... values) {
    Builder b = builder();
    for (Object v : values) {
      b.add(v);
    }
    return b.build();
  }

  /**
   * Parses bytes produced by {@link #bytes()}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not a valid encoding
   */
  public static EntityKey decode(byte[] bytes) {
    EntityKey key = new EntityKey(bytes.clone());
    // Only the canonical bytes of a tuple are accepted: other spellings of the same values (a NaN
    // payload, malformed UTF-8, an over-long length) would otherwise make equal keys unequal.
    if (!Arrays.equals(of(key.values().toArray()).bytes, key.bytes)) {
      throw new IllegalArgumentException("not a canonical entity key encoding: " + HexFormat.of().formatHex(bytes));
    }
    return key;
  }

  /** Returns a copy of the canonical encoding. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The values, in order, as the Java types {@link #of(Object...)} accepts. */
  public List<Object> values() {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    List<Object> out = new ArrayList<>();
    try {
      while (in.hasRemaining()) {
        byte tag = in.get();
        out.add(switch (tag) {
          case NULL -> null;
          case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
          case LONG -> in.getLong();
          case INT -> in.getInt();
          case DOUBLE -> in.getDouble();
          case FLOAT -> in.getFloat();
          case BOOLEAN -> booleanOf(in.get());
          case BYTES -> readBytes(in);
          default -> throw new IllegalArgumentException("unknown type tag " + tag);
        });
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated entity key: " + HexFormat.of().formatHex(bytes), e);
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityKey k && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    List<Object> values = values();
    StringBuilder sb = new StringBuilder("EntityKey(");
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      sb.append(i == 0 ? "" : ", ").append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : v);
    }
    return sb.append(')').toString();
  }

  private static boolean booleanOf(byte b) {
    if (b != 0 && b != 1) {
      throw new IllegalArgumentException("invalid boolean byte " + b);
    }
    return b == 1;
  }

  private static byte[] readBytes(ByteBuffer in) {
    int len = readVarint(in);
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("length " + len + " exceeds the remaining " + in.remaining() + " bytes");
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  private static int readVarint(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7f) << shift;
      if (b >= 0) {
        if (shift > 0 && b == 0) {
          throw new IllegalArgumentException("non-canonical length");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("length varint too long");
  }

  /** Appends typed values in key-column order. Not thread-safe; reusable after {@link #build()}. */
  public static final class Builder {
    private byte[] buf = new byte[32];
    private int len;

    private Builder() {}

    public Builder addNull() {
      return tag(NULL);
    }

    /**
     * @throws IllegalArgumentException if {@code v} holds an unpaired surrogate, which has no UTF-8
     *     form (encoding it would collide with {@code "?"})
     */
    public Builder addString(String v) {
      return v == null ? addNull() : lengthPrefixed(STRING, utf8(v));
    }

    public Builder addLong(long v) {
      tag(LONG);
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[len++] = (byte) (v >>> (i * 8));
      }
      return this;
    }

    public Builder addInt(int v) {
      tag(INT);
      ensure(4);
      for (int i = 3; i >= 0; i--) {
        buf[len++] = (byte) (v >>> (i * 8));
      }
      return this;
    }

    public Builder addDouble(double v) {
      long bits = Double.doubleToLongBits(v);
      len = addLong(bits).len;
      buf[len - 9] = DOUBLE;
      return this;
    }

    public Builder addFloat(float v) {
      int bits = Float.floatToIntBits(v);
      addInt(bits);
      buf[len - 5] = FLOAT;
      return this;
    }

    public Builder addBoolean(boolean v) {
      tag(BOOLEAN);
      ensure(1);
      buf[len++] = (byte) (v ? 1 : 0);
      return this;
    }

    public Builder addBytes(byte[] v) {
      return v == null ? addNull() : lengthPrefixed(BYTES, v);
    }

    /** Adds a value typed by its Java class; see {@link EntityKey#of(Object...)}. */
    public Builder add(Object v) {
      if (v == null) {
        return addNull();
      } else if (v instanceof String s) {
        return addString(s);
      } else if (v instanceof Long l) {
        return addLong(l);
      } else if (v instanceof Integer i) {
        return addInt(i);
      } else if (v instanceof Double d) {
        return addDouble(d);
      } else if (v instanceof Float f) {
        return addFloat(f);
      } else if (v instanceof Boolean b) {
        return addBoolean(b);
      } else if (v instanceof byte[] b) {
        return addBytes(b);
      }
      throw new IllegalArgumentException("unsupported entity key value type: " + v.getClass().getName());
    }

    public EntityKey build() {
      EntityKey key = new EntityKey(Arrays.copyOf(buf, len));
      len = 0;
      return key;
    }

    private Builder lengthPrefixed(byte tag, byte[] v) {
      tag(tag);
      ensure(5 + v.length);
      int n = v.length;
      while ((n & ~0x7f) != 0) {
        buf[len++] = (byte) ((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      buf[len++] = (byte) n;
      System.arraycopy(v, 0, buf, len, v.length);
      len += v.length;
      return this;
    }

    private static byte[] utf8(String v) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
        }
      }
      return v.getBytes(StandardCharsets.UTF_8);
    }

    private Builder tag(byte tag) {
      ensure(1);
      buf[len++] = tag;
      return this;
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }
  }
}
