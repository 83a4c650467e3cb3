package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * APPROX_PERCENTILE: an Apache DataSketches KLL doubles sketch of the values (numeric input is
 * converted to double; NaN is ignored, as KLL does). Finalized to one Double per requested
 * percentile, in request order: the value at that normalized rank (inclusive search), within the
 * sketch's normalized rank error ({@code KllSketch.getNormalizedRankError(k, false)}, about 1.33%
 * for k = 200). Null when no (non-NaN) value was seen.
 *
 * <p>The IR is the sketch itself, updated in place; the encoding is its compact serialization,
 * length-prefixed. KLL compaction is randomized, so equal inputs may give different (equally
 * accurate) sketches.
 */
final class KllAggregator implements Aggregator<KllDoublesSketch> {
  private final int k;
  private final double[] ranks;

  KllAggregator(int k, double[] ranks) {
    this.k = k;
    this.ranks = ranks.clone();
  }

  @Override public KllDoublesSketch init() { return KllDoublesSketch.newHeapInstance(k); }

  @Override public KllDoublesSketch update(KllDoublesSketch ir, Object value, long ts) {
    ir.update(((Number) value).doubleValue());
    return ir;
  }

  @Override public KllDoublesSketch merge(KllDoublesSketch into, KllDoublesSketch other) {
    if (!other.isEmpty()) {
      into.merge(other);
    }
    return into;
  }

  @Override public KllDoublesSketch copy(KllDoublesSketch ir) {
    return KllDoublesSketch.heapify(Memory.wrap(ir.toByteArray(), ByteOrder.LITTLE_ENDIAN));
  }

  @Override public Object finalizeValue(KllDoublesSketch ir) {
    if (ir.isEmpty()) {
      return null;
    }
    List<Double> out = new ArrayList<>(ranks.length);
    for (double rank : ranks) {
      out.add(ir.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE));
    }
    return out;
  }

  @Override public void encode(KllDoublesSketch ir, DataOutput out) throws IOException {
    IrIo.writeBytes(out, ir.toByteArray());
  }

  @Override public KllDoublesSketch decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    try {
      return KllDoublesSketch.heapify(Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN));
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed KLL sketch: " + e.getMessage(), e);
    }
  }
}
