package io.tilekv.tiling.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * APPROX_FREQUENT_K: an Apache DataSketches frequent-items sketch ({@link ItemsSketch}) of the
 * internal values. Finalized to a {@link LinkedHashMap} of at most k entries, item -> estimated
 * count, ordered by count descending, then item ascending (the {@link ValueType} order), so equal
 * sketches give equal maps; null when no value was seen. When values were seen but no counter
 * survived (purging drops every counter when no item stands out), the map is empty. Items are the
 * input's Java values ({@code byte[]} for bytes columns, which a LinkedHashMap can iterate but not
 * look up by content).
 *
 * <p>While at most 0.75 * 2^lgMaxMapSize distinct items were seen, counts are exact. Beyond that
 * the sketch purges small counters; an estimate c' of an item with true count c then satisfies
 * c &lt;= c' &lt;= c + 3.5 / 2^lgMaxMapSize * n ({@code ItemsSketch.getEpsilon}, n values).
 *
 * <p>IR: the sketch, the number of values, and the error offset of merged-in sketches that had no
 * counter left. DataSketches drops such a sketch's offset both when merging and when serializing,
 * which would let estimates fall below the true count; keeping it here preserves c &lt;= c'.
 * Encoding: n, that offset, then the sketch's own serialization, length-prefixed.
 */
final class FrequentItemsAggregator implements Aggregator<FrequentItemsAggregator.Frequent> {
  /** Mutable IR. */
  static final class Frequent {
    ItemsSketch<Object> sketch;
    long n;
    long lostOffset;

    Frequent(ItemsSketch<Object> sketch, long n, long lostOffset) {
      this.sketch = sketch;
      this.n = n;
      this.lostOffset = lostOffset;
    }

    /** Error offset carried outside the sketch, including the sketch's own if it has no counter. */
    long outsideOffset() {
      return lostOffset + (sketch.isEmpty() ? sketch.getMaximumError() : 0);
    }
  }

  private final ValueType type;
  private final int k;
  private final int maxMapSize;
  private final ValueSerDe serDe;

  FrequentItemsAggregator(ValueType type, int k, int lgMaxMapSize) {
    this.type = type;
    this.k = k;
    this.maxMapSize = 1 << lgMaxMapSize;
    this.serDe = new ValueSerDe(type);
  }

  /** The default map size: 8 counters per requested item, at least 8. */
  static int defaultLgMaxMapSize(int k) {
    return Math.max(3, 32 - Integer.numberOfLeadingZeros(k - 1) + 3);
  }

  @Override public Frequent init() { return new Frequent(new ItemsSketch<>(maxMapSize), 0, 0); }

  @Override public Frequent update(Frequent ir, Object value, long ts) {
    ir.sketch.update(type.internal(value));
    ir.n++;
    return ir;
  }

  @Override public Frequent merge(Frequent into, Frequent other) {
    if (other.sketch.isEmpty()) {
      into.lostOffset += other.outsideOffset();
    } else {
      into.sketch.merge(other.sketch); // adds other's in-sketch offset
      into.lostOffset += other.lostOffset;
    }
    into.n += other.n;
    return into;
  }

  @Override public Frequent copy(Frequent ir) {
    // Fewer active items than the map holds: replaying them into an empty sketch of the same
    // size never purges, so this copies counts, stream length and (if any counter) the offset.
    return new Frequent(new ItemsSketch<Object>(maxMapSize).merge(ir.sketch), ir.n,
        ir.outsideOffset());
  }

  @Override public Object finalizeValue(Frequent ir) {
    if (ir.n == 0) {
      return null;
    }
    ItemsSketch.Row<Object>[] rows = ir.sketch.getFrequentItems(0L, ErrorType.NO_FALSE_NEGATIVES);
    Arrays.sort(rows, (a, b) -> {
      int c = Long.compare(b.getEstimate(), a.getEstimate());
      return c != 0 ? c : type.compare(a.getItem(), b.getItem());
    });
    Map<Object, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.length && i < k; i++) {
      out.put(type.external(rows[i].getItem()), rows[i].getEstimate() + ir.lostOffset);
    }
    return out;
  }

  @Override public void encode(Frequent ir, DataOutput out) throws IOException {
    IrIo.writeVarLong(out, ir.n);
    IrIo.writeVarLong(out, ir.outsideOffset());
    IrIo.writeBytes(out, ir.sketch.toByteArray(serDe));
  }

  @Override public Frequent decode(DataInput in) throws IOException {
    long n = IrIo.readVarLong(in);
    long lostOffset = IrIo.readVarLong(in);
    if (n < 0 || lostOffset < 0 || lostOffset > n) {
      throw new IOException("malformed IR: count " + n + ", offset " + lostOffset);
    }
    byte[] bytes = IrIo.readBytes(in);
    checkPreamble(bytes);
    try {
      return new Frequent(
          ItemsSketch.getInstance(Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN), serDe), n,
          lostOffset);
    } catch (RuntimeException | AssertionError e) {
      // DataSketches checks some invariants only with Java asserts (AssertionError under -ea).
      throw new IOException("malformed frequent-items sketch: " + e.getMessage(), e);
    }
  }

  /**
   * DataSketches trusts the map sizes and item count of the preamble (byte 3, byte 4, and the int
   * at byte 8) and allocates accordingly; garbage there would cost gigabytes before any check.
   */
  private static void checkPreamble(byte[] b) throws IOException {
    if (b.length < 8) {
      throw new IOException("malformed frequent-items sketch: " + b.length + " bytes");
    }
    int lgMax = b[3] & 0xFF;
    int lgCur = b[4] & 0xFF;
    if (lgMax < 3 || lgMax > 26 || lgCur > lgMax) {
      throw new IOException("malformed frequent-items sketch: map sizes 2^" + lgCur + ", 2^" + lgMax);
    }
    if ((b[0] & 0x3F) != 1) {
      long active = b.length < 32 ? -1
          : (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
      if (active < 0 || active > (b.length - 32) / 8 || active > (3L << lgMax) / 4) {
        throw new IOException("malformed frequent-items sketch: " + active + " active items in "
            + b.length + " bytes");
      }
    }
  }
}
