package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.util.ArrayList;
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
 *
 * <p><b>Cost.</b> A decoded IR is the stored bytes wrapped read-only ({@code KllDoublesSketch.wrap})
 * with its sorted view built once at decode (which reads every level, so damage fails there),
 * rather than heapified; it is heapified only if updated. Merging keeps read-only sketches
 * (those of decoded tiles as they are, a heap sketch serialized once and wrapped), which nobody
 * can modify, so IRs may share them; {@link #finalizeValue} merges the sorted runs of their
 * sorted views. A request over n cached tiles thus copies no sketch and sorts nothing.
 */
final class KllAggregator implements Aggregator<KllAggregator.Ir> {
  /**
   * The IR: the sketch that {@code update} feeds (a heap sketch, or a read-only wrap of stored
   * bytes until the first update), plus the non-empty sketches merged in, read-only wraps that
   * nobody can modify (so copies share them).
   */
  static final class Ir {
    KllDoublesSketch own;
    final List<KllDoublesSketch> merged;

    Ir(KllDoublesSketch own, List<KllDoublesSketch> merged) {
      this.own = own;
      this.merged = merged;
    }

    boolean isEmpty() {
      return own.isEmpty() && merged.isEmpty();
    }

    /** {@code own} as a sketch nobody can modify. */
    KllDoublesSketch frozenOwn() {
      return own.isReadOnly() ? own : KllDoublesSketch.wrap(wrap(own.toByteArray()));
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
    if (ir.own.isReadOnly()) {
      ir.own = KllDoublesSketch.heapify(wrap(ir.own.toByteArray()));
    }
    ir.own.update(((Number) value).doubleValue());
    return ir;
  }

  @Override public Ir merge(Ir into, Ir other) {
    // Read-only sketches, never the caller's heap sketch, which the caller may keep updating.
    if (!other.own.isEmpty()) {
      into.merged.add(other.frozenOwn());
    }
    into.merged.addAll(other.merged);
    return into;
  }

  @Override public Ir copy(Ir ir) {
    List<KllDoublesSketch> merged = new ArrayList<>(ir.merged);
    if (ir.own.isReadOnly()) {
      return new Ir(ir.own, merged);
    }
    return new Ir(KllDoublesSketch.heapify(wrap(ir.own.toByteArray())), merged);
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
    if (ir.merged.isEmpty()) {
      IrIo.writeBytes(out, ir.own.toByteArray());
      return;
    }
    KllDoublesSketch folded = KllDoublesSketch.heapify(wrap(ir.own.toByteArray()));
    for (KllDoublesSketch s : ir.merged) {
      folded.merge(s);
    }
    IrIo.writeBytes(out, folded.toByteArray());
  }

  @Override public Ir decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    try {
      KllDoublesSketch sketch = KllDoublesSketch.wrap(wrap(bytes));
      if (sketch.isEmpty()) {
        return init();
      }
      if (!sketch.isCompactMemoryFormat()) {
        // Not what encode writes: take the slow path that reads every item now.
        return new Ir(KllDoublesSketch.heapify(wrap(bytes)), new ArrayList<>(2));
      }
      sketch.getSortedView(); // reads every level (a damaged body fails here) and keeps the view
      return new Ir(sketch, new ArrayList<>(2));
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed KLL sketch: " + e.getMessage(), e);
    }
  }

  private static Memory wrap(byte[] bytes) {
    return Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The sorted view of every sketch of {@code ir} added together: each retained item with its
   * weight, sorted by value (ties in any order: they share a value), cumulated. For a single
   * sketch this is exactly its own sorted view.
   */
  static DoublesSketchSortedView unionView(Ir ir) {
    List<DoublesSketchSortedView> views = new ArrayList<>(ir.merged.size() + 1);
    if (!ir.own.isEmpty()) {
      views.add(ir.own.getSortedView());
    }
    for (KllDoublesSketch s : ir.merged) {
      views.add(s.getSortedView());
    }
    if (views.size() == 1) {
      return views.get(0);
    }
    // Each view is one sorted run (values ascending, cumulative weights): merge runs pairwise.
    List<double[]> values = new ArrayList<>(views.size());
    List<long[]> weights = new ArrayList<>(views.size());
    long totalN = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (DoublesSketchSortedView v : views) {
      values.add(v.getQuantiles());
      long[] w = v.getCumulativeWeights();
      for (int i = w.length - 1; i > 0; i--) {
        w[i] -= w[i - 1];
      }
      weights.add(w);
      totalN += v.getN();
      min = Math.min(min, v.getMinItem());
      max = Math.max(max, v.getMaxItem());
    }
    while (values.size() > 1) {
      List<double[]> nextValues = new ArrayList<>(values.size() / 2 + 1);
      List<long[]> nextWeights = new ArrayList<>(values.size() / 2 + 1);
      for (int i = 0; i + 1 < values.size(); i += 2) {
        double[] a = values.get(i);
        double[] b = values.get(i + 1);
        long[] wa = weights.get(i);
        long[] wb = weights.get(i + 1);
        double[] v = new double[a.length + b.length];
        long[] w = new long[v.length];
        int x = 0;
        int y = 0;
        for (int n = 0; n < v.length; n++) {
          if (y == b.length || (x < a.length && a[x] <= b[y])) {
            v[n] = a[x];
            w[n] = wa[x++];
          } else {
            v[n] = b[y];
            w[n] = wb[y++];
          }
        }
        nextValues.add(v);
        nextWeights.add(w);
      }
      if (values.size() % 2 == 1) {
        nextValues.add(values.get(values.size() - 1));
        nextWeights.add(weights.get(weights.size() - 1));
      }
      values = nextValues;
      weights = nextWeights;
    }
    long[] cumulative = weights.get(0);
    for (int i = 1; i < cumulative.length; i++) {
      cumulative[i] += cumulative[i - 1];
    }
    return new DoublesSketchSortedView(values.get(0), cumulative, summary(totalN, min, max));
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
