package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;

/**
 * APPROX_UNIQUE_COUNT: an Apache DataSketches CPC sketch of the values; finalized to its rounded
 * estimate (0 when empty). Values are hashed by their {@link ValueType} identity, so the sketch
 * counts what UNIQUE_COUNT counts: floating point by bit pattern ({@link Double#equals}; -0.0 and
 * 0.0 differ, all NaNs are one value), booleans as 0/1, strings as UTF-8, bytes as bytes. The
 * empty string and empty byte array, which DataSketches ignores, are hashed as a fixed 16-byte
 * sentinel.
 *
 * <p>The IR is the sketch itself (updated in place; merges go through a {@link CpcUnion}). The
 * encoding is the sketch's own compact serialization, length-prefixed.
 */
final class CpcAggregator implements Aggregator<CpcSketch> {
  private static final long[] EMPTY_SENTINEL = {0x54494c454b56L, 0x454d505459L};

  private final ValueType type;
  private final int lgK;

  CpcAggregator(ValueType type, int lgK) {
    this.type = type;
    this.lgK = lgK;
  }

  @Override public CpcSketch init() { return new CpcSketch(lgK); }

  @Override public CpcSketch update(CpcSketch ir, Object value, long ts) {
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
    return ir;
  }

  @Override public CpcSketch merge(CpcSketch into, CpcSketch other) {
    if (other.isEmpty()) {
      return into;
    }
    if (into.isEmpty() && into.getLgK() == other.getLgK()) {
      return copy(other);
    }
    CpcUnion union = new CpcUnion(Math.min(into.getLgK(), other.getLgK()));
    union.update(into);
    union.update(other);
    return union.getResult();
  }

  @Override public CpcSketch copy(CpcSketch ir) {
    return CpcSketch.heapify(ir.toByteArray());
  }

  @Override public Object finalizeValue(CpcSketch ir) {
    return ir.isEmpty() ? 0L : Math.round(ir.getEstimate());
  }

  @Override public void encode(CpcSketch ir, DataOutput out) throws IOException {
    IrIo.writeBytes(out, ir.toByteArray());
  }

  @Override public CpcSketch decode(DataInput in) throws IOException {
    byte[] bytes = IrIo.readBytes(in);
    try {
      CpcSketch sketch = CpcSketch.heapify(bytes);
      // Without -ea heapify checks little: recount the coupons so a corrupted sketch is refused
      // here rather than misread later.
      if (!sketch.validate()) {
        throw new IOException("malformed CPC sketch: coupon count does not match its bits");
      }
      return sketch;
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed CPC sketch: " + e.getMessage(), e);
    }
  }
}
