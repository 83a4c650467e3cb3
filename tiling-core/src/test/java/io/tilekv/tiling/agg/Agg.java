package io.tilekv.tiling.agg;

import io.tilekv.tiling.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Test helper: one aggregator plus shortcuts to feed it events and round-trip its IR. */
final class Agg {
  final Operation op;
  final ColumnType type;
  final Aggregator<Object> aggregator;

  Agg(Operation op, ColumnType type, Map<String, Object> args) {
    this.op = op;
    this.type = type;
    this.aggregator = Aggregators.create(op, type, args);
  }

  static Agg of(Operation op, ColumnType type) {
    return new Agg(op, type, Map.of());
  }

  static Agg of(Operation op, ColumnType type, Map<String, Object> args) {
    return new Agg(op, type, args);
  }

  /** The IR of events (value, ts = index). */
  Object irOf(List<?> values) {
    Object ir = aggregator.init();
    for (int i = 0; i < values.size(); i++) {
      ir = aggregator.update(ir, values.get(i), i);
    }
    return ir;
  }

  /** The IR of (value, ts) events given as value, ts, value, ts... */
  Object irOfTimed(Object... valueTs) {
    Object ir = aggregator.init();
    for (int i = 0; i < valueTs.length; i += 2) {
      ir = aggregator.update(ir, valueTs[i], ((Number) valueTs[i + 1]).longValue());
    }
    return ir;
  }

  Object finalized(List<?> values) {
    return aggregator.finalizeValue(irOf(values));
  }

  Object finalizedTimed(Object... valueTs) {
    return aggregator.finalizeValue(irOfTimed(valueTs));
  }

  Object empty() {
    return aggregator.finalizeValue(aggregator.init());
  }

  byte[] encode(Object ir) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      aggregator.encode(ir, new DataOutputStream(bytes));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Object decode(byte[] bytes) throws IOException {
    return aggregator.decode(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  Object roundTrip(Object ir) {
    try {
      return decode(encode(ir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return op + "(" + type + ")";
  }
}
