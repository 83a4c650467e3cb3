package io.tilekv.writer.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The keyed state of one entity key: its open tiles of every layer (a tile stays open until the
 * watermark passes its end plus the allowed lateness), and the pending flush timer.
 *
 * <p>One object per key holds all layers, so an event costs one state access whatever the number
 * of layers. Mutable; owned by the tiling operator.
 */
final class OpenTiles {
  /** One tile: its start, its IRs and whether it changed since it was last emitted. */
  static final class Slot {
    final long start;
    Object[] irs;
    boolean dirty;

    Slot(long start, Object[] irs, boolean dirty) {
      this.start = start;
      this.irs = irs;
      this.dirty = dirty;
    }
  }

  final Map<Long, Slot>[] layers;
  /** The last slot used per layer: consecutive events of a key nearly always hit it. */
  private final Slot[] last;
  /** The registered processing-time flush timer, or 0. */
  long flushTimer;

  @SuppressWarnings("unchecked")
  OpenTiles(int layerCount) {
    this.layers = new Map[layerCount];
    this.last = new Slot[layerCount];
    for (int i = 0; i < layerCount; i++) {
      layers[i] = new HashMap<>(4);
    }
  }

  Slot get(int layer, long start) {
    Slot s = last[layer];
    if (s != null && s.start == start) {
      return s;
    }
    s = layers[layer].get(start);
    if (s != null) {
      last[layer] = s;
    }
    return s;
  }

  void put(int layer, Slot slot) {
    layers[layer].put(slot.start, slot);
    last[layer] = slot;
  }

  /** Removes the slots of {@code layer} that {@code expired} accepts. */
  void removeIf(int layer, java.util.function.LongPredicate expired) {
    for (Iterator<Slot> it = layers[layer].values().iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (expired.test(s.start)) {
        it.remove();
        if (last[layer] == s) {
          last[layer] = null;
        }
      }
    }
  }

  boolean isEmpty() {
    for (Map<Long, Slot> m : layers) {
      if (!m.isEmpty()) {
        return false;
      }
    }
    return true;
  }

}
