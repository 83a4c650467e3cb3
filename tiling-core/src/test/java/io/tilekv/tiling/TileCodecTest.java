package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.tiling.TileDecodeException.Reason;
import io.tilekv.tiling.agg.Operation;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileCodecTest {
  static final GroupBy G = GroupBy.builder("codec")
      .column("k", ColumnType.STRING).column("ts", ColumnType.LONG).column("price", ColumnType.DOUBLE)
      .keys("k").timestamp("ts")
      .aggregation(Aggregation.of("k", Operation.COUNT, "1h", "1d"))
      .aggregation(Aggregation.of("price", Operation.SUM, "1h"))
      .aggregation(Aggregation.of("price", Operation.LAST, "1d"))
      .build();
  final GroupByAggregator agg = new GroupByAggregator(G);
  final TileCodec codec = new TileCodec(agg);

  Object[] tile() {
    Object[] irs = agg.init();
    agg.update(irs, G.row("a", 10L, 2.5));
    agg.update(irs, G.row("a", 20L, null));
    agg.update(irs, G.row("a", 30L, 1.0));
    return irs;
  }

  @Test
  void decodedTileFinalizesLikeTheOriginal() {
    Object[] back = codec.decode(codec.encode(tile()));
    assertThat(agg.finalizeWindow(Window.parse("1h"), back))
        .containsExactly(Map.entry("k_count_1h", 3L), Map.entry("price_sum_1h", 3.5));
    assertThat(agg.finalizeWindow(Window.parse("1d"), back))
        .containsExactly(Map.entry("k_count_1d", 3L), Map.entry("price_last_1d", 1.0));
    assertThat(codec.encode(back)).isEqualTo(codec.encode(tile()));
  }

  @Test
  void emptyFeaturesAreZeroCountsAndNullOtherwise() {
    assertThat(agg.emptyFeatures()).containsEntry("k_count_1h", 0L).containsEntry("price_sum_1h", null)
        .containsEntry("price_last_1d", null).hasSize(4);
    assertThat(agg.finalizeWindow(Window.parse("1h"), agg.init())).containsEntry("k_count_1h", 0L);
  }

  @Test
  void tileOfAnotherGroupByDefinitionIsAFingerprintMismatch() {
    GroupBy changed = G.toBuilder().layers("5m").build();
    byte[] old = new TileCodec(changed).encode(new GroupByAggregator(changed).init());
    assertThatThrownBy(() -> codec.decode(old)).isInstanceOf(TileDecodeException.class)
        .hasMessageContaining("changed since the tile was written")
        .satisfies(e -> assertThat(((TileDecodeException) e).reason()).isEqualTo(Reason.FINGERPRINT_MISMATCH));
  }

  @Test
  void everyTruncationIsReportedAsTruncated() {
    byte[] bytes = codec.encode(tile());
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> codec.decode(cut)).as("cut at %d", len)
          .isInstanceOfSatisfying(TileDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
  }

  @Test
  void garbageIsAVersionOrFingerprintOrCorruptionErrorNeverAValue() {
    java.util.Random rnd = new java.util.Random(11);
    for (int i = 0; i < 500; i++) {
      byte[] junk = new byte[1 + rnd.nextInt(40)];
      rnd.nextBytes(junk);
      assertThatThrownBy(() -> codec.decode(junk)).isInstanceOf(TileDecodeException.class);
    }
    assertThatThrownBy(() -> codec.decode("hello world".getBytes()))
        .isInstanceOfSatisfying(TileDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
  }

  @Test
  void trailingBytesAndBadIrContentAreCorrupt() {
    byte[] bytes = codec.encode(tile());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOfSatisfying(TileDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    byte[] badFirstIr = bytes.clone();
    badFirstIr[9] = 0; // the COUNT IR now claims zero bytes
    assertThatThrownBy(() -> codec.decode(badFirstIr))
        .isInstanceOfSatisfying(TileDecodeException.class, e -> assertThat(e.reason()).isIn(Reason.CORRUPT, Reason.TRUNCATED));
  }

  @Test
  void aggregatorAndCodecSurviveJavaSerialization() throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    try (var o = new java.io.ObjectOutputStream(out)) {
      o.writeObject(codec);
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
      TileCodec copy = (TileCodec) in.readObject();
      assertThat(copy.decode(codec.encode(tile()))).hasSize(3);
    }
  }

  @Test
  void aTileListsItsInputsSortedAndStillDecodesToTheSameIrs() {
    byte[] plain = codec.encode(tile());
    byte[] merged = codec.encode(tile(), new long[] {9, -3, 5});
    assertThat(merged[0]).isEqualTo((byte) TileCodec.MERGED_VERSION);
    assertThat(plain[0]).isEqualTo((byte) TileCodec.FORMAT_VERSION);
    TileCodec.Decoded d = codec.decodeTile(merged);
    assertThat(d.inputs()).containsExactly(-3, 5, 9);
    assertThat(codec.encode(d.irs())).isEqualTo(plain);
    assertThat(codec.decodeTile(plain).inputs()).isEmpty();
    byte[] cut = java.util.Arrays.copyOf(merged, merged.length - 3);
    assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(TileDecodeException.class)
        .hasMessageContaining("inputs");
  }
}
