package io.tilekv.tiling.golden;

import static io.tilekv.tiling.golden.GoldenTiles.AT;
import static io.tilekv.tiling.golden.GoldenTiles.GROUP_BY;
import static io.tilekv.tiling.golden.GoldenTiles.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Tiles are a storage format: bytes written by an earlier build (DataSketches 7.0.1 on JDK 17,
 * see {@link GoldenTiles}) decode, finalize, re-encode and merge the same on this build and JDK.
 */
class GoldenTilesTest {
  final GroupByAggregator agg = new GroupByAggregator(GROUP_BY);
  final TileCodec codec = new TileCodec(agg);

  @ParameterizedTest
  @ValueSource(strings = {"small", "large", "empty"})
  void goldenTileFinalizesToTheValuesRecordedWhenItWasWritten(String name) throws IOException {
    Object[] irs = codec.decode(read(GoldenTiles.resource(name)));
    assertThat(agg.finalizeWindow(WINDOW, irs)).hasToString(recorded(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "large", "empty"})
  void goldenTileReEncodesToTheSameBytes(String name) throws IOException {
    byte[] golden = read(GoldenTiles.resource(name));
    assertThat(codec.encode(codec.decode(golden))).isEqualTo(golden);
  }

  @Test
  void mergedGoldenTilesAgreeWithTheOracleInEitherOrder() throws IOException {
    Object[] small = codec.decode(read(GoldenTiles.resource("small")));
    Object[] large = codec.decode(read(GoldenTiles.resource("large")));
    Object[] empty = codec.decode(read(GoldenTiles.resource("empty")));
    assertAgreesWithOracle(agg.mergeAll(List.of(small, large, empty)));
    assertAgreesWithOracle(agg.mergeAll(List.of(empty, large, small)));
  }

  @Test
  void goldenTileMergesWithATileWrittenByThisBuild() throws IOException {
    Object[] golden = codec.decode(read(GoldenTiles.resource("small")));
    Object[] fresh = codec.decode(codec.encode(GoldenTiles.tile("large")));
    assertAgreesWithOracle(agg.mergeAll(List.of(golden, fresh)));
    assertAgreesWithOracle(agg.mergeAll(List.of(fresh, golden)));
  }

  private void assertAgreesWithOracle(Object[] merged) {
    List<Row> events = new ArrayList<>(GoldenTiles.events("small"));
    events.addAll(GoldenTiles.events("large"));
    Map<String, Object> exact = BruteForceOracle.features(GROUP_BY, events, GROUP_BY.entityKey(events.get(0)), AT);
    assertThat(FeatureComparator.mismatches(GROUP_BY, exact, agg.finalizeWindow(WINDOW, merged))).isEmpty();
  }

  private static String recorded(String name) throws IOException {
    for (String line : new String(read(GoldenTiles.DIR + "finalized.txt"), StandardCharsets.UTF_8).split("\n")) {
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
