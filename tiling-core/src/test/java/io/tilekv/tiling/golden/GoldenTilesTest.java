package io.tilekv.tiling.golden;

import static io.tilekv.tiling.golden.GoldenTiles.AT;
import static io.tilekv.tiling.golden.GoldenTiles.GROUP_BY;
import static io.tilekv.tiling.golden.GoldenTiles.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Tiles are a storage format: bytes written by earlier builds (see {@link GoldenTiles}) decode,
 * finalize, re-encode and merge the same on this build and JDK. Tiles of format 1 hold CPC unique
 * counts, which still finalize but never merge with the HLL sketches of newer tiles.
 */
class GoldenTilesTest {
  final GroupByAggregator agg = new GroupByAggregator(GROUP_BY);
  final TileCodec codec = new TileCodec(agg);

  @ParameterizedTest
  @CsvSource({"golden/v1/,small", "golden/v1/,large", "golden/v1/,empty",
      "golden/v3/,small", "golden/v3/,large", "golden/v3/,empty"})
  void goldenTileFinalizesToTheValuesRecordedWhenItWasWritten(String dir, String name) throws IOException {
    Object[] irs = codec.decode(read(GoldenTiles.resource(dir, name)));
    assertThat(agg.finalizeWindow(WINDOW, irs)).hasToString(recorded(dir, name));
  }

  @ParameterizedTest
  @CsvSource({"golden/v1/,small", "golden/v1/,large", "golden/v1/,empty",
      "golden/v3/,small", "golden/v3/,large", "golden/v3/,empty"})
  void goldenTileReEncodesToTheSameBytesInTheCurrentFormat(String dir, String name) throws IOException {
    byte[] golden = read(GoldenTiles.resource(dir, name));
    byte[] again = codec.encode(codec.decode(golden));
    assertThat(again[0]).isEqualTo((byte) TileCodec.FORMAT_VERSION);
    assertThat(Arrays.copyOfRange(again, 1, again.length)).isEqualTo(Arrays.copyOfRange(golden, 1, golden.length));
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden/v1/", "golden/v3/"})
  void mergedGoldenTilesAgreeWithTheOracleInEitherOrder(String dir) throws IOException {
    Object[] small = codec.decode(read(GoldenTiles.resource(dir, "small")));
    Object[] large = codec.decode(read(GoldenTiles.resource(dir, "large")));
    Object[] empty = codec.decode(read(GoldenTiles.resource(dir, "empty")));
    assertAgreesWithOracle(agg.mergeAll(List.of(small, large, empty)));
    assertAgreesWithOracle(agg.mergeAll(List.of(empty, large, small)));
  }

  @Test
  void goldenTileMergesWithATileWrittenByThisBuild() throws IOException {
    Object[] golden = codec.decode(read(GoldenTiles.resource(GoldenTiles.V3, "small")));
    Object[] fresh = codec.decode(codec.encode(GoldenTiles.tile("large")));
    assertAgreesWithOracle(agg.mergeAll(List.of(golden, fresh)));
    assertAgreesWithOracle(agg.mergeAll(List.of(fresh, golden)));
  }

  @Test
  void aCpcTileNeverMergesWithAnHllTileButAnEmptyOneDoes() throws IOException {
    Object[] cpc = codec.decode(read(GoldenTiles.resource(GoldenTiles.V1, "small")));
    Object[] emptyCpc = codec.decode(read(GoldenTiles.resource(GoldenTiles.V1, "empty")));
    Object[] fresh = codec.decode(codec.encode(GoldenTiles.tile("large")));
    assertThatThrownBy(() -> agg.mergeAll(List.of(cpc, fresh)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rewrite the older tiles");
    assertThatThrownBy(() -> agg.mergeAll(List.of(fresh, cpc))).isInstanceOf(IllegalStateException.class);
    Object[] freshSmall = codec.decode(codec.encode(GoldenTiles.tile("small")));
    assertThat(agg.finalizeWindow(WINDOW, agg.mergeAll(List.of(emptyCpc, freshSmall))))
        .isEqualTo(agg.finalizeWindow(WINDOW, freshSmall));
  }

  private void assertAgreesWithOracle(Object[] merged) {
    List<Row> events = new ArrayList<>(GoldenTiles.events("small"));
    events.addAll(GoldenTiles.events("large"));
    Map<String, Object> exact = BruteForceOracle.features(GROUP_BY, events, GROUP_BY.entityKey(events.get(0)), AT);
    assertThat(FeatureComparator.mismatches(GROUP_BY, exact, agg.finalizeWindow(WINDOW, merged))).isEmpty();
  }

  private static String recorded(String dir, String name) throws IOException {
    for (String line : new String(read(dir + "finalized.txt"), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith(name + "=")) {
        return line.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no recorded values of " + name);
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = GoldenTilesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes();
    }
  }
}
