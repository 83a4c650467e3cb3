package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSketchSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.QuantilesDoublesAPI;

/**
 * APPROX_PERCENTILE: an Apache DataSketches KLL doubles sketch of the values (numeric input is
 * converted to double; NaN is ignored, as KLL does). Finalized to one Double per requested
 * percentile, in request order: the value at that normalized rank (inclusive search), within the
 * sketch's normalized rank error ({@code KllSketch.getNormalizedRankError(k, false)}, about 1.33%
 * for k = 200). Null when no (non-NaN) value was seen.
 *
 * <p><b>Deterministic merging.</b> KLL's own merge compacts with coin flips drawn from one static,
 * unseedable {@code Random} of the library, so merging the same tiles twice gave different
 * answers. Here {@link #merge} does not call it: the IR keeps the sketches merged into it, and
 * {@link #finalizeValue} answers from the union of their retained items with their weights (the
 * sorted views added together), with no compaction at all. The answer therefore depends only on
 * the multiset of sketches, not on merge order or on any random state (same tiles, same answer),
 * and it is at least as accurate as KLL's merge (no compaction error is added). A tile's own
 * sketch is still built by KLL's {@code update}, whose compactions are random, so two writes of the
 * same events may store different (equally accurate) tiles; reading stored tiles never varies.
 * Only {@link #encode} of an IR that holds merged sketches folds them with KLL's merge (the
 * writer's merge of a run into a stored tile), because the stored format is one KLL sketch.
 */
final class KllAggregator implements Aggregator<KllAggregator.Ir> {
  /** The IR: the sketch that {@code update} feeds, plus copies of sketches merged in. */
  static final class Ir {
    final KllDoublesSketch own;
    final List<KllDoublesSketch> merged;

    Ir(KllDoublesSketch own, List<KllDoublesSketch> merged) {
      this.own = own;
      this.merged = merged;
    }

    boolean isEmpty() {
      if (!own.isEmpty()) {
        return false;
      }
      for (KllDoublesSketch s : merged) {
        if (!s.isEmpty()) {
          return false;
        }
      }
      return true;
    }
  }

  private final int k;
  private final double[] ranks;

  KllAggregator(int k, double[] ranks) {
    this.k = k;
    this.ranks = ranks.clone();
  }

  @Override public Ir init() { return new Ir(KllDoublesSketch.newHeapInstance(k), new ArrayList<>(2)); }

  @Override public Ir update(Ir ir, Object value, long ts) {
    ir.own.update(((Number) value).doubleValue());
    return ir;
  }

  @Override public Ir merge(Ir into, Ir other) {
    // Copies, never references: the contract lets the caller keep updating `other`.
    if (!other.own.isEmpty()) {
      into.merged.add(copyOf(other.own));
    }
    for (KllDoublesSketch s : other.merged) {
      into.merged.add(copyOf(s));
    }
    return into;
  }

  @Override public Ir copy(Ir ir) {
    List<KllDoublesSketch> merged = new ArrayList<>(ir.merged.size() + 2);
    for (KllDoublesSketch s : ir.merged) {
      merged.add(copyOf(s));
    }
    return new Ir(copyOf(ir.own), merged);
  }

  @Override public Object finalizeValue(Ir ir) {
    if (ir.isEmpty()) {
      return null;
    }
    DoublesSketchSortedView view = unionView(ir);
    List<Double> out = new ArrayList<>(ranks.length);
    for (double rank : ranks) {
      out.add(view.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE));
    }
    return out;
  }

  @Override public void encode(Ir ir, DataOutput out) throws IOException {
    KllDoublesSketch folded = ir.own;
    if (!ir.merged.isEmpty()) {
      folded = copyOf(ir.own);
      for (KllDoublesSketch s : ir.merged) {
        folded.merge(s);
      }
    }
    IrIo.writeBytes(out, folded.toByteArray());
  }

  @Override public Ir decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    try {
      return new Ir(KllDoublesSketch.heapify(Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN)), new ArrayList<>(2));
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed KLL sketch: " + e.getMessage(), e);
    }
  }

  private static KllDoublesSketch copyOf(KllDoublesSketch s) {
    return KllDoublesSketch.heapify(Memory.wrap(s.toByteArray(), ByteOrder.LITTLE_ENDIAN));
  }

  /**
   * The sorted view of every sketch of {@code ir} added together: each retained item with its
   * weight, sorted by value (ties in any order: they share a value), cumulated. For a single
   * sketch this is exactly its own sorted view.
   */
  static DoublesSketchSortedView unionView(Ir ir) {
    List<KllDoublesSketch> all = new ArrayList<>(ir.merged.size() + 1);
    if (!ir.own.isEmpty()) {
      all.add(ir.own);
    }
    for (KllDoublesSketch s : ir.merged) {
      if (!s.isEmpty()) {
        all.add(s);
      }
    }
    if (all.size() == 1) {
      return all.get(0).getSortedView();
    }
    int size = 0;
    List<DoublesSketchSortedView> views = new ArrayList<>(all.size());
    for (KllDoublesSketch s : all) {
      DoublesSketchSortedView v = s.getSortedView();
      views.add(v);
      size += v.getQuantiles().length;
    }
    double[] items = new double[size];
    long[] weights = new long[size];
    int n = 0;
    long totalN = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (DoublesSketchSortedView v : views) {
      double[] q = v.getQuantiles();
      long[] cum = v.getCumulativeWeights();
      for (int i = 0; i < q.length; i++) {
        items[n] = q[i];
        weights[n] = cum[i] - (i == 0 ? 0 : cum[i - 1]);
        n++;
      }
      totalN += v.getN();
      min = Math.min(min, v.getMinItem());
      max = Math.max(max, v.getMaxItem());
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(items[a], items[b]));
    double[] sorted = new double[size];
    long[] cumulative = new long[size];
    long running = 0;
    for (int i = 0; i < size; i++) {
      sorted[i] = items[order[i]];
      running += weights[order[i]];
      cumulative[i] = running;
    }
    return new DoublesSketchSortedView(sorted, cumulative, summary(totalN, min, max));
  }

  /** The three numbers the sorted view's public constructor reads from a sketch. */
  private static QuantilesDoublesAPI summary(long n, double min, double max) {
    return (QuantilesDoublesAPI) Proxy.newProxyInstance(KllAggregator.class.getClassLoader(),
        new Class<?>[] {QuantilesDoublesAPI.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getN" -> n;
          case "getMinItem" -> min;
          case "getMaxItem" -> max;
          case "isEmpty" -> n == 0;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
