package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;

/**
 * APPROX_UNIQUE_COUNT as tiles of format 1 and 2 stored it (now {@link HllAggregator}, which
 * reads these through this class): an Apache DataSketches CPC sketch of the values; finalized to
 * its rounded estimate (0 when empty). Values are hashed by their {@link ValueType} identity, so the sketch
 * counts what UNIQUE_COUNT counts: floating point by bit pattern ({@link Double#equals}; -0.0 and
 * 0.0 differ, all NaNs are one value), booleans as 0/1, strings as UTF-8, bytes as bytes. The
 * empty string and empty byte array, which DataSketches ignores, are hashed as a fixed 16-byte
 * sentinel.
 *
 * <p>The IR is the sketch that {@code update} feeds plus, once anything was merged in, one
 * {@link CpcUnion} that every merge feeds: a request merging n tiles does n union updates and one
 * {@code getResult()} instead of a union and a result per pair. A merged IR therefore always
 * estimates from a union result (CPC's merged estimator), however many tiles were non-empty. The
 * encoding is the compact serialization of the (folded) sketch, length-prefixed, as before.
 */
final class CpcAggregator implements Aggregator<CpcAggregator.Ir> {
  /** Mutable IR: {@code own} is updated in place; {@code union} holds what was merged in. */
  static final class Ir {
    CpcSketch own;
    CpcUnion union;

    Ir(CpcSketch own, CpcUnion union) {
      this.own = own;
      this.union = union;
    }
  }

  static final long[] EMPTY_SENTINEL = {0x54494c454b56L, 0x454d505459L};

  private final ValueType type;
  private final int lgK;

  CpcAggregator(ValueType type, int lgK) {
    this.type = type;
    this.lgK = lgK;
  }

  @Override public Ir init() { return new Ir(new CpcSketch(lgK), null); }

  @Override public Ir update(Ir state, Object value, long ts) {
    CpcSketch ir = state.own;
    switch (type) {
      case STRING: {
        String s = (String) value;
        if (s.isEmpty()) {
          ir.update(EMPTY_SENTINEL);
        } else {
          ir.update(s);
        }
        break;
      }
      case LONG:
      case INT:
        ir.update(((Number) value).longValue());
        break;
      case DOUBLE:
      case FLOAT:
        ir.update(Double.doubleToLongBits(((Number) value).doubleValue()));
        break;
      case BOOLEAN:
        ir.update((Boolean) value ? 1L : 0L);
        break;
      case BYTES: {
        byte[] b = value instanceof ByteKey ? ((ByteKey) value).bytes() : (byte[]) value;
        if (b.length == 0) {
          ir.update(EMPTY_SENTINEL);
        } else {
          ir.update(b);
        }
        break;
      }
      default:
        throw new AssertionError(type);
    }
    return state;
  }

  @Override public Ir merge(Ir into, Ir other) {
    boolean ownEmpty = other.own.isEmpty();
    if (ownEmpty && other.union == null) {
      return into;
    }
    if (into.union == null) {
      // The union starts with what `into` holds; later updates of `into` go to a fresh sketch.
      into.union = new CpcUnion(lgK);
      if (!into.own.isEmpty()) {
        into.union.update(into.own);
        into.own = new CpcSketch(lgK);
      }
    }
    if (!ownEmpty) {
      into.union.update(other.own); // reads `other`, never keeps it
    }
    if (other.union != null) {
      into.union.update(other.union.getResult());
    }
    return into;
  }

  @Override public Ir copy(Ir ir) {
    CpcUnion union = null;
    if (ir.union != null) {
      union = new CpcUnion(lgK);
      union.update(ir.union.getResult());
    }
    return new Ir(CpcSketch.heapify(ir.own.toByteArray()), union);
  }

  /** The sketch of everything {@code ir} saw; {@code ir.own} itself when nothing was merged. */
  private CpcSketch result(Ir ir) {
    if (ir.union == null) {
      return ir.own;
    }
    if (ir.own.isEmpty()) {
      return ir.union.getResult();
    }
    CpcUnion all = new CpcUnion(lgK);
    all.update(ir.union.getResult());
    all.update(ir.own);
    return all.getResult();
  }

  @Override public Object finalizeValue(Ir ir) {
    CpcSketch sketch = result(ir);
    return sketch.isEmpty() ? 0L : Math.round(sketch.getEstimate());
  }

  @Override public void encode(Ir ir, DataOutput out) throws IOException {
    IrIo.writeBytes(out, result(ir).toByteArray());
  }

  @Override public Ir decode(DataInput in) throws IOException {
    return decode(IrIo.readBytes(in));
  }

  Ir decode(byte[] bytes) throws IOException {
    try {
      CpcSketch sketch = CpcSketch.heapify(bytes);
      // Without -ea heapify checks little: recount the coupons so a corrupted sketch is refused
      // here rather than misread later.
      if (!sketch.validate()) {
        throw new IOException("malformed CPC sketch: coupon count does not match its bits");
      }
      return new Ir(sketch, null);
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed CPC sketch: " + e.getMessage(), e);
    }
  }
}
