package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueEncodingTest {

  private static Object roundTrip(ValueType type, Object internal) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    type.write(new DataOutputStream(bytes), internal);
    return type.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void everyStringRoundTripsIncludingUnpairedSurrogates() throws IOException {
    for (String s : List.of("", "abc", "\u00e9t\u00e9", "\ud83d\ude00", "\ud800", "x\udc00y",
        "\udc00\ud800", "\u0000")) {
      assertThat(roundTrip(ValueType.STRING, s)).isEqualTo(s);
    }
  }

  @Test
  void extremeNumbersRoundTrip() throws IOException {
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1}) {
      assertThat(roundTrip(ValueType.LONG, v)).isEqualTo(v);
    }
    assertThat(roundTrip(ValueType.INT, Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
    assertThat(roundTrip(ValueType.DOUBLE, -0.0)).isEqualTo(-0.0);
    assertThat(roundTrip(ValueType.FLOAT, Float.NaN)).isEqualTo(Float.NaN);
  }

  @Test
  void bytesAreComparedAndHashedByContent() {
    Object a = ValueType.of(ColumnType.BYTES).internal(new byte[] {1, 2});
    Object b = ValueType.of(ColumnType.BYTES).internal(new byte[] {1, 2});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(ValueType.BYTES.compare(a, ValueType.BYTES.internal(new byte[] {(byte) 0xFF})))
        .as("unsigned").isNegative();
  }
}
