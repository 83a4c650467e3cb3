package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * APPROX_UNIQUE_COUNT: an Apache DataSketches HLL sketch (HLL_8, {@code lgK}) of the values,
 * finalized to its rounded estimate (0 when empty). Values are hashed by their {@link ValueType}
 * identity, as UNIQUE_COUNT counts them ({@link CpcAggregator} documents the mapping).
 *
 * <p><b>Why HLL and not CPC.</b> A request merges one sketch per tile, and with CPC that merge
 * cost ~10x an exact request (decompressing each tile's sketch dominated, measured by
 * {@code SketchCostBenchmark}). An HLL_8 sketch is stored as its registers, one byte each, so the
 * stored bytes are merged where they lie: {@link HllMerge} takes the byte-wise maximum of the
 * dense tiles' registers eight at a time and adds the coupons of sparse tiles, and DataSketches
 * computes the estimate from the merged registers. The price is size (a dense tile is 2^lgK + 40
 * bytes, CPC about a third of that) and error: HLL's relative standard error is about
 * 1.04/sqrt(2^lgK), 1.6% at the default lgK 12.
 *
 * <p><b>Tiles written before HLL</b> (tile format 1 and 2) hold CPC sketches. They still decode
 * (DataSketches' family byte tells the two apart) and windows made only of them finalize as
 * before; a window that would merge a CPC tile with a non-empty HLL one fails with an
 * IllegalStateException naming the remedy (rewrite the older tiles), never a mixed estimate.
 *
 * <p>The IR is the sketch that {@code update} feeds (null until the first update) and the stored
 * images merged in (read-only, shared between copies). Merging only collects images; the work is
 * done once, by {@link #finalizeValue} (a request) or {@link #encode} (the writer folding a run into
 * a stored tile, through DataSketches' {@link Union}).
 */
final class HllAggregator implements Aggregator<HllAggregator.Ir> {
  private static final int FAMILY_BYTE = 2;
  private static final int HLL_FAMILY = 7;
  private static final int CPC_FAMILY = 16;

  /** Mutable IR. */
  static final class Ir {
    HllSketch own;
    final List<byte[]> images;
    /** A CPC sketch of a tile written before HLL; never set together with HLL content. */
    CpcAggregator.Ir legacy;

    Ir(HllSketch own, List<byte[]> images, CpcAggregator.Ir legacy) {
      this.own = own;
      this.images = images;
      this.legacy = legacy;
    }

    boolean hllEmpty() {
      return (own == null || own.isEmpty()) && images.isEmpty();
    }
  }

  private final ValueType type;
  private final int lgK;
  private final CpcAggregator legacy;

  HllAggregator(ValueType type, int lgK) {
    this.type = type;
    this.lgK = lgK;
    this.legacy = new CpcAggregator(type, Math.max(lgK, 4));
  }

  @Override public Ir init() { return new Ir(null, new ArrayList<>(2), null); }

  @Override public Ir update(Ir ir, Object value, long ts) {
    if (ir.own == null) {
      // A decoded tile that goes on being updated (the writer's state) adopts its one sketch, so
      // that encoding it again is a copy rather than a union.
      if (ir.images.size() == 1 && ir.legacy == null) {
        ir.own = HllSketch.heapify(ir.images.remove(0));
      } else {
        ir.own = new HllSketch(lgK, TgtHllType.HLL_8);
      }
    }
    HllSketch s = ir.own;
    switch (type) {
      case STRING: {
        String v = (String) value;
        if (v.isEmpty()) {
          s.update(CpcAggregator.EMPTY_SENTINEL);
        } else {
          s.update(v);
        }
        break;
      }
      case LONG:
      case INT:
        s.update(((Number) value).longValue());
        break;
      case DOUBLE:
      case FLOAT:
        s.update(Double.doubleToLongBits(((Number) value).doubleValue()));
        break;
      case BOOLEAN:
        s.update((Boolean) value ? 1L : 0L);
        break;
      case BYTES: {
        byte[] b = value instanceof ByteKey ? ((ByteKey) value).bytes() : (byte[]) value;
        if (b.length == 0) {
          s.update(CpcAggregator.EMPTY_SENTINEL);
        } else {
          s.update(b);
        }
        break;
      }
      default:
        throw new AssertionError(type);
    }
    return ir;
  }

  @Override public Ir merge(Ir into, Ir other) {
    if (!legacyEmpty(other) || !legacyEmpty(into)) {
      if ((!legacyEmpty(other) && !into.hllEmpty()) || (!legacyEmpty(into) && !other.hllEmpty())) {
        throw new IllegalStateException("APPROX_UNIQUE_COUNT cannot merge a tile written before"
            + " TileKV stored HLL sketches (tile format 1 or 2, CPC) with a newer one: rewrite the"
            + " older tiles of this window (write --existing replace)");
      }
      if (!legacyEmpty(other)) {
        into.legacy = into.legacy == null ? legacy.copy(other.legacy) : legacy.merge(into.legacy, other.legacy);
      }
      return into;
    }
    into.legacy = null; // an empty CPC sketch merges with anything
    into.images.addAll(other.images);
    if (other.own != null && !other.own.isEmpty()) {
      // A snapshot: the caller may go on updating its sketch.
      into.images.add(other.own.toCompactByteArray());
    }
    return into;
  }

  private static boolean legacyEmpty(Ir ir) {
    return ir.legacy == null || (ir.legacy.own.isEmpty() && ir.legacy.union == null);
  }

  @Override public Ir copy(Ir ir) {
    HllSketch own = ir.own == null ? null : HllSketch.heapify(ir.own.toCompactByteArray());
    return new Ir(own, new ArrayList<>(ir.images), ir.legacy == null ? null : legacy.copy(ir.legacy));
  }

  @Override public Object finalizeValue(Ir ir) {
    if (ir.legacy != null) {
      return legacy.finalizeValue(ir.legacy);
    }
    if (ir.hllEmpty()) {
      return 0L;
    }
    if (ir.images.isEmpty()) {
      return Math.round(ir.own.getEstimate());
    }
    List<byte[]> all = ir.images;
    if (ir.own != null && !ir.own.isEmpty()) {
      all = new ArrayList<>(ir.images);
      all.add(ir.own.toCompactByteArray());
    }
    if (all.size() == 1) {
      return Math.round(HllSketch.wrap(Memory.wrap(all.get(0))).getEstimate());
    }
    for (byte[] image : all) {
      if (HllMerge.isDense(image)) {
        return Math.round(HllMerge.estimate(lgK, all));
      }
    }
    // Coupons only: the library's union is cheap here and counts small sets exactly. Once it has
    // to switch to registers its estimate would depend on the order it saw the coupons in (HIP),
    // so then the registers are merged here, in any order alike.
    Union union = new Union(lgK);
    for (byte[] image : all) {
      union.update(HllSketch.wrap(Memory.wrap(image)));
    }
    if (HllMerge.isDense(union, lgK)) {
      return Math.round(HllMerge.estimate(lgK, all));
    }
    return Math.round(union.getEstimate());
  }

  @Override public void encode(Ir ir, DataOutput out) throws IOException {
    if (ir.legacy != null) {
      legacy.encode(ir.legacy, out);
      return;
    }
    if (ir.images.isEmpty()) {
      HllSketch own = ir.own != null ? ir.own : new HllSketch(lgK, TgtHllType.HLL_8);
      IrIo.writeBytes(out, own.toCompactByteArray());
      return;
    }
    if (ir.images.size() == 1 && (ir.own == null || ir.own.isEmpty())) {
      IrIo.writeBytes(out, ir.images.get(0));
      return;
    }
    Union union = new Union(lgK);
    if (ir.own != null) {
      union.update(ir.own);
    }
    for (byte[] image : ir.images) {
      union.update(HllSketch.wrap(Memory.wrap(image)));
    }
    IrIo.writeBytes(out, union.getResult(TgtHllType.HLL_8).toCompactByteArray());
  }

  @Override public Ir decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    if (bytes.length > FAMILY_BYTE && bytes[FAMILY_BYTE] == CPC_FAMILY) {
      // Kept even when empty, so that re-encoding an old tile writes the same bytes.
      return new Ir(null, new ArrayList<>(2), legacy.decode(bytes));
    }
    if (bytes.length <= FAMILY_BYTE || bytes[FAMILY_BYTE] != HLL_FAMILY) {
      throw new IOException("not an HLL sketch (family byte "
          + (bytes.length > FAMILY_BYTE ? bytes[FAMILY_BYTE] : "missing") + ")");
    }
    if (HllMerge.checkImage(lgK, bytes)) {
      return init();
    }
    List<byte[]> images = new ArrayList<>(2);
    images.add(bytes);
    return new Ir(null, images, null);
  }
}
