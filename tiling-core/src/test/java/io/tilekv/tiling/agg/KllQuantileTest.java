package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantilesUtil;
import org.junit.jupiter.api.Test;

/**
 * The percentile search across the sorted runs of many tiles answers exactly what the sorted views
 * of all tiles added together answer, and for one tile what DataSketches itself answers.
 */
class KllQuantileTest {
  static final double[] RANKS = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1};

  @Test
  void oneTileAnswersAsDataSketchesDoes() {
    SplittableRandom random = new SplittableRandom(11);
    KllAggregator agg = new KllAggregator(200, RANKS);
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + random.nextInt(trial < 30 ? 300 : 20_000);
      KllAggregator.Ir ir = agg.init();
      for (int i = 0; i < n; i++) {
        agg.update(ir, random.nextInt(4) == 0 ? (double) random.nextInt(20) : random.nextGaussian(), i);
      }
      double[] expected = ir.own.getQuantiles(RANKS, QuantileSearchCriteria.INCLUSIVE);
      KllAggregator.Ir decoded = roundTrip(agg, ir);
      assertThat((List<?>) agg.finalizeValue(decoded)).as("trial %d", trial).isEqualTo(boxed(expected));
      assertThat((List<?>) agg.finalizeValue(ir)).isEqualTo(boxed(expected));
    }
  }

  @Test
  void manyTilesAnswerAsTheSortedViewOfAllTheirItems() {
    SplittableRandom random = new SplittableRandom(5);
    KllAggregator agg = new KllAggregator(64, RANKS);
    for (int trial = 0; trial < 40; trial++) {
      List<KllAggregator.Ir> tiles = new ArrayList<>();
      List<double[]> items = new ArrayList<>(); // value, weight
      for (int t = 0, count = 1 + random.nextInt(20); t < count; t++) {
        KllAggregator.Ir ir = agg.init();
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(5000);
        for (int i = 0; i < n; i++) {
          agg.update(ir, (double) random.nextInt(trial % 2 == 0 ? 50 : 1_000_000), i);
        }
        KllAggregator.Ir decoded = roundTrip(agg, ir);
        tiles.add(decoded);
        if (!decoded.merged.isEmpty()) {
          // Each tile's own sorted view (with the min and max DataSketches includes), as weights.
          DoublesSortedView view = KllDoublesSketch.wrap(
              Memory.wrap(decoded.merged.get(0).bytes, ByteOrder.LITTLE_ENDIAN)).getSortedView();
          double[] q = view.getQuantiles();
          long[] cum = view.getCumulativeWeights();
          for (int i = 0; i < q.length; i++) {
            items.add(new double[] {q[i], cum[i] - (i == 0 ? 0 : cum[i - 1])});
          }
        }
      }
      KllAggregator.Ir merged = agg.init();
      for (KllAggregator.Ir t : tiles) {
        merged = agg.merge(merged, t);
      }
      Object answer = agg.finalizeValue(merged);
      if (items.isEmpty()) {
        assertThat(answer).isNull();
        continue;
      }
      assertThat((List<?>) answer).as("trial %d", trial).isEqualTo(reference(items, RANKS));
      Collections.reverse(tiles);
      KllAggregator.Ir again = agg.init();
      for (KllAggregator.Ir t : tiles) {
        again = agg.merge(again, t);
      }
      assertThat(agg.finalizeValue(again)).isEqualTo(answer);
    }
  }

  @Test
  void aTileDecodedAndUpdatedEventByEventKeepsOneSketch() {
    KllAggregator agg = new KllAggregator(200, RANKS);
    SplittableRandom random = new SplittableRandom(8);
    KllAggregator.Ir ir = agg.init();
    for (int i = 0; i < 2000; i++) { // as the writer's state does with a serializing backend
      ir = agg.update(roundTrip(agg, ir), random.nextDouble(), i);
      assertThat(ir.merged).isEmpty();
    }
    assertThat(ir.own.getN()).isEqualTo(2000);
  }

  @Test
  void storedTilesHaveLevelZeroSortedAndOlderUnsortedOnesReadTheSame() {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 150; i++) {
      sketch.update(random.nextDouble());
    }
    byte[] unsorted = sketch.toByteArray(); // as tiles were written before: level 0 in arrival order
    KllAggregator agg = new KllAggregator(200, RANKS);
    KllAggregator.Runs runs = new KllAggregator.Runs(unsorted);
    assertThat(runs.runCount()).isEqualTo(1);
    for (int i = 1; i < runs.starts[1]; i++) {
      assertThat(runs.values[i]).isGreaterThanOrEqualTo(runs.values[i - 1]);
    }
    List<KllAggregator.Runs> one = List.of(runs);
    for (double rank : RANKS) {
      long target = (long) QuantilesUtil.getNaturalRank(rank, sketch.getN(), QuantileSearchCriteria.INCLUSIVE);
      assertThat(KllAggregator.quantile(one, target)).isEqualTo(sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE));
    }
  }

  private static List<Double> reference(List<double[]> items, double[] ranks) {
    items.sort((a, b) -> Double.compare(a[0], b[0]));
    long n = 0;
    long[] cum = new long[items.size()];
    for (int i = 0; i < cum.length; i++) {
      n += (long) items.get(i)[1];
      cum[i] = n;
    }
    List<Double> out = new ArrayList<>();
    for (double rank : ranks) {
      double target = QuantilesUtil.getNaturalRank(rank, n, QuantileSearchCriteria.INCLUSIVE);
      int i = 0;
      while (i < cum.length - 1 && cum[i] < target) {
        i++;
      }
      out.add(items.get(i)[0]);
    }
    return out;
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>();
    for (double v : values) {
      out.add(v);
    }
    return out;
  }

  private static KllAggregator.Ir roundTrip(KllAggregator agg, KllAggregator.Ir ir) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      agg.encode(ir, new java.io.DataOutputStream(bytes));
      return agg.decode(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
