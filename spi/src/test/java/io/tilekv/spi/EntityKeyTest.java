package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The canonical entity key encoding: round trips, injectivity, and strict decoding. */
class EntityKeyTest {

  @Property(seed = "20240115", tries = 1000)
  void decodingTheBytesGivesBackTheSameTypedValues(@ForAll("tuples") List<Object> values) {
    EntityKey key = EntityKey.of(values.toArray());
    EntityKey decoded = EntityKey.decode(key.bytes());
    assertThat(typed(decoded.values())).isEqualTo(typed(values));
    assertThat(decoded).isEqualTo(key).hasSameHashCodeAs(key);
  }

  @Property(seed = "1432", tries = 1500)
  void twoTuplesShareBytesOnlyWhenTheyAreTheSameTypedValues(@ForAll("nearCollisions") List<Object> a,
      @ForAll("nearCollisions") List<Object> b) {
    boolean sameBytes = Arrays.equals(EntityKey.of(a.toArray()).bytes(), EntityKey.of(b.toArray()).bytes());
    assertThat(sameBytes).as("%s vs %s", typed(a), typed(b)).isEqualTo(typed(a).equals(typed(b)));
  }

  @Property(seed = "77", tries = 1500)
  void arbitraryBytesEitherFailWithIllegalArgumentOrAreTheCanonicalEncodingOfWhatTheyDecodeTo(
      @ForAll("garbage") byte[] bytes) {
    EntityKey decoded;
    try {
      decoded = EntityKey.decode(bytes);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(EntityKey.of(decoded.values().toArray()).bytes()).isEqualTo(bytes);
  }

  @Property(seed = "5", tries = 1000)
  void aPrefixDecodesOnlyWhenItEndsOnAValueBoundary(@ForAll("tuples") List<Object> values) {
    byte[] full = EntityKey.of(values.toArray()).bytes();
    List<Integer> boundaries = new ArrayList<>();
    for (int k = 0; k <= values.size(); k++) {
      boundaries.add(EntityKey.of(values.subList(0, k).toArray()).bytes().length);
    }
    for (int cut = 0; cut < full.length; cut++) {
      byte[] prefix = Arrays.copyOf(full, cut);
      int k = boundaries.indexOf(cut);
      if (k >= 0) {
        assertThat(typed(EntityKey.decode(prefix).values())).isEqualTo(typed(values.subList(0, k)));
      } else {
        assertThatThrownBy(() -> EntityKey.decode(prefix)).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Example
  void concatenationNullTypeAndSignAmbiguitiesGiveDifferentKeys() {
    assertThat(EntityKey.of("ab", "c")).isNotEqualTo(EntityKey.of("a", "bc"));
    assertThat(EntityKey.of((Object) null)).isNotEqualTo(EntityKey.of(""));
    assertThat(EntityKey.of(1)).isNotEqualTo(EntityKey.of(1L));
    assertThat(EntityKey.of(1.0)).isNotEqualTo(EntityKey.of(1.0f));
    assertThat(EntityKey.of(0.0)).isNotEqualTo(EntityKey.of(-0.0));
    assertThat(EntityKey.of("a")).isNotEqualTo(EntityKey.of((Object) "a".getBytes()));
    assertThat(EntityKey.of(true)).isNotEqualTo(EntityKey.of(1));
    assertThat(EntityKey.of()).isNotEqualTo(EntityKey.of((Object) null));
    assertThat(EntityKey.of(Double.NaN)).isEqualTo(EntityKey.of(Double.longBitsToDouble(0x7ff8000000000001L)));
  }

  @Example
  void everyByteValueAndEveryCodePointRoundTrip() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    StringBuilder text = new StringBuilder();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += cp < 0x800 ? 1 : 97) {
      if (!Character.isSurrogate((char) cp) || cp > 0xffff) {
        text.appendCodePoint(cp);
      }
    }
    List<Object> decoded = EntityKey.decode(EntityKey.of(all, text.toString()).bytes()).values();
    assertThat((byte[]) decoded.get(0)).isEqualTo(all);
    assertThat(decoded.get(1)).isEqualTo(text.toString());
  }

  @Example
  void aStringWithAnUnpairedSurrogateIsRefusedBecauseItHasNoUtf8Form() {
    assertThatThrownBy(() -> EntityKey.of("a\uD800")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EntityKey.of("\uDC00b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(EntityKey.decode(EntityKey.of("\uD83D\uDE00").bytes()).values()).containsExactly("\uD83D\uDE00");
  }

  @Example
  void valuesOfAnUnsupportedTypeAreRefused() {
    assertThatThrownBy(() -> EntityKey.of(new Object())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EntityKey.of((short) 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void theEncodingIsFixedByteForByte() {
    // Stored keys outlive releases: these bytes must never change.
    assertThat(HexFormat.of().formatHex(EntityKey.builder().addString("ab").addNull().addInt(1).addLong(-1)
        .addBoolean(true).addBytes(new byte[] {9}).addDouble(1.0).addFloat(1.0f).build().bytes()))
        .isEqualTo("0102616200030000000102ffffffffffffffff06010701090" + "43ff0000000000000" + "053f800000");
  }

  @Provide
  Arbitrary<List<Object>> tuples() {
    Arbitrary<String> text = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp > 0xffff || !Character.isSurrogate((char) (int) cp))
        .list().ofMaxSize(12)
        .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.just(null),
        text.map(s -> (Object) s),
        Arbitraries.longs().map(v -> (Object) v),
        Arbitraries.integers().map(v -> (Object) v),
        Arbitraries.doubles().withStandardSpecialValues().map(v -> (Object) v),
        Arbitraries.floats().withStandardSpecialValues().map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(v -> (Object) v));
    return value.list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Object>> nearCollisions() {
    Arbitrary<Object> value = Arbitraries.<Object>of(null, "", "a", "b", "ab", "bc", "c", 0, 1, 0L, 1L, 1.0, 1.0f,
        -0.0, 0.0, Double.NaN, true, false, "\u0000", "\u0001")
        .injectDuplicates(0.2);
    Arbitrary<Object> withBytes = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, value),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(new byte[0], new byte[] {'a'}, new byte[] {1}).map(b -> (Object) b.clone())));
    return withBytes.list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<Byte> likely = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.bytes().between((byte) 0, (byte) 8)),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of((byte) 0x80, (byte) 0xff, (byte) 0x7f)));
    return likely.list().ofMaxSize(24).map(list -> {
      byte[] b = new byte[list.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = list.get(i);
      }
      return b;
    });
  }

  /** Values made comparable with equals: arrays by content, and the Java type kept. */
  private static List<Object> typed(List<Object> values) {
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      out.add(v instanceof byte[] b ? "bytes:" + HexFormat.of().formatHex(b) : v);
    }
    return out;
  }
}
