package io.tilekv.tiling.agg;

import java.util.Arrays;

/** One event: a non-null input value and its timestamp. */
record Ev(Object value, long ts) {
  @Override
  public String toString() {
    return (value instanceof byte[] ? Arrays.toString((byte[]) value) : String.valueOf(value))
        + "@" + ts;
  }
}
