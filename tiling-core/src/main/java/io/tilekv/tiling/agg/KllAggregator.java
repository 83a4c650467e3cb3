package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.QuantilesDoublesSketchIterator;
import org.apache.datasketches.quantilescommon.QuantilesUtil;

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
 * {@link #finalizeValue} answers from all their retained items with their weights, with no
 * compaction at all. The answer therefore depends only on the multiset of sketches, not on merge
 * order or on any random state (same tiles, same answer), and it is at least as accurate as KLL's
 * merge. A tile's own sketch is still built by KLL's {@code update}, whose compactions are random,
 * so two writes of the same events may store different (equally accurate) tiles; reading stored
 * tiles never varies. Only {@link #encode} of an IR that holds merged sketches folds them with
 * KLL's merge (the writer's merge of a run into a stored tile), because the stored format is one
 * KLL sketch.
 *
 * <p><b>Cost.</b> Each level of a KLL sketch is a run of items of one weight (2^level), sorted
 * except level 0, which KLL sorts lazily and records in its serialization; {@link #encode} sorts
 * it before writing, so a stored tile is a handful of sorted runs. A decoded IR keeps those runs
 * ({@link Runs}: read once at decode, which also reads every level so damage fails there), and a
 * percentile is found by searching all runs of all merged tiles at once ({@link #quantile}): no
 * sorting, no merged copy, a few binary searches per run. Tiles written before level 0 was sorted
 * are sorted once when decoded.
 */
final class KllAggregator implements Aggregator<KllAggregator.Ir> {
  /**
   * The IR: the heap sketch that {@code update} feeds (null until the first update) plus the
   * read-only runs of the sketches merged in (shared between copies: nobody modifies them).
   */
  static final class Ir {
    KllDoublesSketch own;
    final List<Runs> merged;

    Ir(KllDoublesSketch own, List<Runs> merged) {
      this.own = own;
      this.merged = merged;
    }

    boolean ownEmpty() {
      return own == null || own.isEmpty();
    }
  }

  /**
   * A read-only sketch as sorted runs: {@code values[starts[r] .. starts[r + 1])} ascending, each
   * of weight {@code weights[r]}; {@code bytes} is its serialization.
   *
   * <p>DataSketches' sorted view of a KLL sketch also holds the stream's min and max items when
   * compaction dropped them (the min at weight 1 before the smallest retained item, which gives up
   * that weight, and the max likewise at the top). Two more pairs of one-item runs, +1 for the
   * extreme and -1 for the retained item beside it, say the same, so that one tile answers exactly
   * as DataSketches does.
   */
  static final class Runs {
    final byte[] bytes;
    final double[] values;
    final int[] starts;
    final long[] weights;
    final long n;

    Runs(byte[] bytes) {
      // A heap copy is read faster than the bytes through Memory, and costs one array copy.
      this(bytes, KllDoublesSketch.heapify(wrap(bytes)));
    }

    /** {@code sketch} is {@code bytes} heapified. */
    Runs(byte[] bytes, KllDoublesSketch sketch) {
      this.bytes = bytes;
      this.n = sketch.getN();
      double[] v = new double[sketch.getNumRetained() + 4];
      int[] s = new int[70];
      long[] w = new long[69];
      int runs = 0;
      int i = 0;
      QuantilesDoublesSketchIterator it = sketch.iterator();
      long weight = -1;
      while (it.next()) {
        long iw = it.getWeight();
        if (iw != weight) {
          s[runs] = i;
          w[runs++] = iw;
          weight = iw;
        }
        v[i++] = it.getQuantile();
      }
      s[runs] = i;
      double smallest = Double.POSITIVE_INFINITY;
      double largest = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < runs; r++) {
        for (int j = s[r] + 1; j < s[r + 1]; j++) {
          if (v[j - 1] > v[j]) {
            Arrays.sort(v, s[r], s[r + 1]); // level 0 of a tile written before it was sorted
            break;
          }
        }
        smallest = Math.min(smallest, v[s[r]]);
        largest = Math.max(largest, v[s[r + 1] - 1]);
      }
      double min = sketch.getMinItem();
      double max = sketch.getMaxItem();
      double[][] extremes = {{min, smallest}, {max, largest}};
      for (double[] e : extremes) {
        if (e[0] != e[1]) {
          v[i++] = e[0];
          w[runs] = 1;
          s[++runs] = i;
          v[i++] = e[1];
          w[runs] = -1;
          s[++runs] = i;
        }
      }
      this.values = v;
      this.starts = Arrays.copyOf(s, runs + 1);
      this.weights = Arrays.copyOf(w, runs);
    }

    int runCount() {
      return weights.length;
    }
  }

  private final int k;
  private final double[] ranks;

  KllAggregator(int k, double[] ranks) {
    this.k = k;
    this.ranks = ranks.clone();
  }

  @Override public Ir init() { return new Ir(null, new ArrayList<>(2)); }

  @Override public Ir update(Ir ir, Object value, long ts) {
    if (ir.own == null) {
      // A decoded tile that goes on being updated (the writer's state) adopts its one sketch:
      // encoding it again then needs no KLL merge.
      ir.own = ir.merged.size() == 1 ? KllDoublesSketch.heapify(wrap(ir.merged.remove(0).bytes))
          : KllDoublesSketch.newHeapInstance(k);
    }
    ir.own.update(((Number) value).doubleValue());
    return ir;
  }

  @Override public Ir merge(Ir into, Ir other) {
    // Read-only runs, never the caller's heap sketch, which the caller may keep updating.
    if (!other.ownEmpty()) {
      into.merged.add(new Runs(serialize(other.own)));
    }
    into.merged.addAll(other.merged);
    return into;
  }

  @Override public Ir copy(Ir ir) {
    KllDoublesSketch own = ir.own == null ? null : KllDoublesSketch.heapify(wrap(ir.own.toByteArray()));
    return new Ir(own, new ArrayList<>(ir.merged));
  }

  @Override public Object finalizeValue(Ir ir) {
    List<Runs> all = ir.merged;
    if (!ir.ownEmpty()) {
      all = new ArrayList<>(ir.merged);
      all.add(new Runs(serialize(ir.own)));
    }
    long n = 0;
    for (Runs r : all) {
      n += r.n;
    }
    if (n == 0) {
      return null;
    }
    List<Double> out = new ArrayList<>(ranks.length);
    for (double rank : ranks) {
      out.add(quantile(all, (long) QuantilesUtil.getNaturalRank(rank, n, QuantileSearchCriteria.INCLUSIVE)));
    }
    return out;
  }

  /**
   * The smallest retained value x whose total weight of values at most x reaches {@code target}:
   * what the sorted view of all runs together answers for an inclusive search (the largest value
   * when no value reaches it). Found by halving the candidate range of the widest run and counting
   * every run by binary search within its candidate range: values below it are known to count,
   * values above it known not to.
   */
  static double quantile(List<Runs> all, long target) {
    int total = 0;
    for (Runs r : all) {
      total += r.runCount();
    }
    double[][] values = new double[total][];
    int[] from = new int[total];
    int[] lo = new int[total];
    int[] hi = new int[total];
    long[] weight = new long[total];
    double max = Double.NEGATIVE_INFINITY;
    int x = 0;
    for (Runs r : all) {
      for (int i = 0; i < r.runCount(); i++, x++) {
        values[x] = r.values;
        from[x] = r.starts[i];
        lo[x] = r.starts[i];
        hi[x] = r.starts[i + 1];
        weight[x] = r.weights[i];
        max = Math.max(max, r.values[hi[x] - 1]);
      }
    }
    double best = max;
    while (true) {
      int pick = -1;
      int width = 0;
      for (int i = 0; i < total; i++) {
        if (hi[i] - lo[i] > width) {
          width = hi[i] - lo[i];
          pick = i;
        }
      }
      if (pick < 0) {
        return best;
      }
      double pivot = values[pick][(lo[pick] + hi[pick]) >>> 1];
      long atOrBelow = 0;
      for (int i = 0; i < total; i++) {
        atOrBelow += weight[i] * (upperBound(values[i], lo[i], hi[i], pivot) - from[i]);
      }
      if (atOrBelow >= target) {
        best = pivot; // the answer is the pivot or a smaller value
        for (int i = 0; i < total; i++) {
          hi[i] = lowerBound(values[i], lo[i], hi[i], pivot);
        }
      } else {
        for (int i = 0; i < total; i++) {
          lo[i] = upperBound(values[i], lo[i], hi[i], pivot);
        }
      }
    }
  }

  /** The first index in [lo, hi) whose value is greater than {@code v}, else hi. */
  private static int upperBound(double[] a, int lo, int hi, double v) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first index in [lo, hi) whose value is at least {@code v}, else hi. */
  private static int lowerBound(double[] a, int lo, int hi, double v) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override public void encode(Ir ir, DataOutput out) throws IOException {
    if (ir.merged.isEmpty()) {
      IrIo.writeBytes(out, ir.own == null ? KllDoublesSketch.newHeapInstance(k).toByteArray() : serialize(ir.own));
      return;
    }
    if (ir.merged.size() == 1 && ir.ownEmpty()) {
      IrIo.writeBytes(out, ir.merged.get(0).bytes);
      return;
    }
    KllDoublesSketch folded = ir.own == null ? KllDoublesSketch.newHeapInstance(k)
        : KllDoublesSketch.heapify(wrap(ir.own.toByteArray()));
    for (Runs r : ir.merged) {
      folded.merge(KllDoublesSketch.wrap(wrap(r.bytes)));
    }
    IrIo.writeBytes(out, serialize(folded));
  }

  @Override public Ir decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    try {
      KllDoublesSketch sketch = KllDoublesSketch.heapify(wrap(bytes));
      if (sketch.isEmpty()) {
        return init();
      }
      List<Runs> merged = new ArrayList<>(2);
      merged.add(new Runs(bytes, sketch)); // reads every level: a damaged body fails here
      return new Ir(null, merged);
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed KLL sketch: " + e.getMessage(), e);
    }
  }

  /**
   * The compact serialization of a heap sketch with level 0 sorted (building the sorted view
   * sorts it in place and sets the flag the serialization records), so readers find sorted runs.
   */
  private static byte[] serialize(KllDoublesSketch sketch) {
    if (!sketch.isEmpty()) {
      sketch.getSortedView();
    }
    return sketch.toByteArray();
  }

  private static Memory wrap(byte[] bytes) {
    return Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN);
  }
}
