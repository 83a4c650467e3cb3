package io.tilekv.tiling.agg;

import io.tilekv.tiling.ColumnType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Value generators biased towards collisions: small domains (so ties, duplicates and equal
 * timestamps are common) mixed with edge values (-0.0, NaN, infinities, extreme longs, unpaired
 * surrogates, empty strings and arrays).
 */
final class Gen {
  private Gen() {}

  static Arbitrary<Ev> events(Case c) {
    Arbitrary<Long> ts = mix(
        8, Arbitraries.longs().between(0, 12),
        1, Arbitraries.longs().between(-2_000_000_000_000L, 2_000_000_000_000L));
    return Combinators.combine(values(c.type(), c.arithmetic()), ts).as(Ev::new);
  }

  static Arbitrary<Object> values(ColumnType type, boolean arithmetic) {
    switch (type) {
      case STRING:
        return mix(
            8, Arbitraries.strings().withChars("ab").ofMaxLength(2),
            1, Arbitraries.strings().ofMaxLength(4),
            1, Arbitraries.of("\ud800", "x\udc00", "\ud83d\ude00"));
      case LONG:
        return arithmetic ? Arbitraries.longs().between(-1000, 1000).map(v -> v)
            : mix(
                8, Arbitraries.longs().between(-4, 4),
                1, Arbitraries.longs(),
                1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE));
      case INT:
        return arithmetic ? Arbitraries.integers().between(-1000, 1000).map(v -> v)
            : mix(
                8, Arbitraries.integers().between(-4, 4),
                1, Arbitraries.integers());
      case DOUBLE:
        return doubles(arithmetic).map(v -> v);
      case FLOAT:
        return doubles(arithmetic).map(d -> d.floatValue());
      case BOOLEAN:
        return Arbitraries.of(true, false).map(v -> v);
      case BYTES:
        return Arbitraries.bytes().between((byte) -1, (byte) 1).array(byte[].class).ofMaxSize(2)
            .map(v -> v);
      default:
        throw new AssertionError(type);
    }
  }

  /** Two fixed distinct values of a type, smaller first (for deterministic examples). */
  static List<Object> pair(ColumnType type) {
    switch (type) {
      case STRING: return List.of("a", "b");
      case LONG: return List.of(1L, 2L);
      case INT: return List.of(1, 2);
      case DOUBLE: return List.of(1.0, 2.0);
      case FLOAT: return List.of(1f, 2f);
      case BOOLEAN: return List.of(false, true);
      case BYTES: return List.of(new byte[] {1}, new byte[] {2});
      default: throw new AssertionError(type);
    }
  }

  private static Arbitrary<Double> doubles(boolean arithmetic) {
    Arbitrary<Double> plain = Arbitraries.integers().between(-10_000, 10_000).map(i -> i / 100.0);
    if (arithmetic) {
      return plain;
    }
    return mix(
        6, Arbitraries.integers().between(-3, 3).map(i -> i / 2.0),
        2, plain,
        2, Arbitraries.of(-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE));
  }

  /** Frequency-weighted choice: mix(weight, arbitrary, weight, arbitrary, ...). */
  @SuppressWarnings("unchecked")
  private static <T> Arbitrary<T> mix(Object... weighted) {
    List<Tuple.Tuple2<Integer, Arbitrary<T>>> list = new ArrayList<>();
    for (int i = 0; i < weighted.length; i += 2) {
      list.add(Tuple.of((Integer) weighted[i], (Arbitrary<T>) weighted[i + 1]));
    }
    return Arbitraries.frequencyOf(list);
  }
}
