package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 17: times near the long limits, BOMs, huge keys, and deterministic percentiles. */
class BadInputTest {
  private static final GroupBy G = GroupBy.parseYaml("{name: shop, schema: {k: string, ts: long, v: double},"
      + " keys: [k], timestamp: ts, aggregations: [{input: v, op: APPROX_PERCENTILE,"
      + " args: {percentiles: [0.1, 0.5, 0.9, 0.99]}, windows: [6h, 30d]}, {input: v, op: COUNT, windows: [6h, 30d]}]}");

  @Test
  void aQueryTimeAtTheLongLimitsIsAClearErrorNotAnOverflow() {
    for (long at : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Times.MAX + 1, Times.MIN - 1}) {
      assertThatThrownBy(() -> TilePlanner.plan(G, at)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("query time " + at + " is outside the supported range");
    }
    for (long at : new long[] {Times.MAX, Times.MIN, 0}) {
      TilePlan plan = TilePlanner.plan(G, at);
      for (WindowPlan wp : plan.windows()) {
        assertThat(wp.tiles()).isNotEmpty();
        assertThat(wp.tiles().get(0).start()).isEqualTo(wp.start()).isLessThan(at);
        TileRef last = wp.tiles().get(wp.tiles().size() - 1);
        assertThat(last.end()).isGreaterThanOrEqualTo(at); // no wrap-around
      }
    }
  }

  @Test
  void aDurationThatDoesNotFitALongIsRejected() {
    assertThatThrownBy(() -> Durations.parse("999999999999d")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Window.of(Long.MAX_VALUE, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTimestampNearTheLongLimitsIsMalformedNotAnOverflow() {
    EventParser p = new EventParser(G);
    for (long ts : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Times.MAX + 1}) {
      ParsedEvent e = p.parse("{\"k\":\"a\",\"ts\":" + ts + ",\"v\":1}", 3);
      assertThat(e.isMalformed()).isTrue();
      assertThat(e.reason()).contains("timestamp 'ts' " + ts + " is outside the supported range");
    }
    assertThat(p.parse("{\"k\":\"a\",\"ts\":" + Times.MIN + ",\"v\":1}", 1).isMalformed()).isFalse();
  }

  @Test
  void aByteOrderMarkAtTheStartOfALineIsIgnored() {
    ParsedEvent e = new EventParser(G).parse("\uFEFF{\"k\":\"a\",\"ts\":5,\"v\":1}", 1);
    assertThat(e.isMalformed()).as(e.reason()).isFalse();
    assertThat(e.row().timestamp()).isEqualTo(5);
  }

  @Test
  void aKeyTooLongForTheStoreIsMalformedWithItsSize() {
    EventParser p = new EventParser(G, 64 << 10);
    String huge = "x".repeat(70_000);
    ParsedEvent e = p.parse("{\"k\":\"" + huge + "\",\"ts\":5,\"v\":1}", 9);
    assertThat(e.isMalformed()).isTrue();
    assertThat(e.reason()).startsWith("key too long").contains("70012 bytes").contains("65536");
    assertThat(p.parse("{\"k\":\"" + "x".repeat(60_000) + "\",\"ts\":5,\"v\":1}", 1).isMalformed()).isFalse();
    assertThat(new EventParser(G).parse("{\"k\":\"" + huge + "\",\"ts\":5,\"v\":1}", 1).isMalformed()).isFalse();
  }

  @Test
  void readingTheSameTilesGivesTheSamePercentilesEveryTimeWhateverTheMergeOrder() {
    GroupByAggregator agg = new GroupByAggregator(G);
    TileCodec codec = new TileCodec(agg);
    Random random = new Random(5);
    List<byte[]> tiles = new ArrayList<>();
    for (int t = 0; t < 24; t++) {
      Object[] irs = agg.init();
      for (int i = 0; i < 3_000; i++) {
        irs = agg.update(irs, new Row(new Object[] {"a", (long) t, random.nextGaussian() * 100}, t));
      }
      tiles.add(codec.encode(irs));
    }
    Window w = G.windows().get(0);
    Map<String, Object> first = null;
    for (int read = 0; read < 300; read++) {
      List<byte[]> order = new ArrayList<>(tiles);
      if (read % 2 == 1) {
        Collections.shuffle(order, new Random(read));
      }
      Object[] merged = agg.init();
      for (byte[] tile : order) {
        merged = agg.merge(merged, codec.decode(tile));
      }
      Map<String, Object> values = agg.finalizeWindow(w, merged);
      if (first == null) {
        first = values;
      }
      assertThat(values).as("read " + read).isEqualTo(first);
    }
    @SuppressWarnings("unchecked")
    List<Double> q = (List<Double>) first.get("v_approx_percentile_6h");
    // 72,000 standard normal values * 100: the median near 0, the 90th percentile near 128.
    assertThat(q.get(1)).isBetween(-5.0, 5.0);
    assertThat(q.get(2)).isBetween(120.0, 136.0);
  }
}
