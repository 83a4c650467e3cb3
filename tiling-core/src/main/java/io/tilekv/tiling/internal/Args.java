package io.tilekv.tiling.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Operation arguments: deep immutable copies and a canonical text form for fingerprints. */
public final class Args {
  private Args() {}

  /** A deep, unmodifiable, serializable copy; keeps the iteration order of maps. */
  public static Map<String, Object> deepCopy(Map<String, ?> args) {
    Map<String, Object> m = new LinkedHashMap<>();
    args.forEach((k, v) -> m.put(k, copyValue(v)));
    return Collections.unmodifiableMap(m);
  }

  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, x) -> m.put(String.valueOf(k), copyValue(x)));
      return Collections.unmodifiableMap(m);
    }
    if (v instanceof List<?> list) {
      List<Object> l = new ArrayList<>(list.size());
      for (Object x : list) {
        l.add(copyValue(x));
      }
      return Collections.unmodifiableList(l);
    }
    if (v instanceof BigInteger b) {
      return b.longValueExact();
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    return v;
  }

  /**
   * Text that is equal for equal arguments whatever their map order and numeric box type: an
   * integral 200 written as Integer or Long, or 0.5 as Float or Double, give the same text.
   */
  public static String canonical(Object v) {
    if (v instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, x) -> sorted.put(String.valueOf(k), x));
      StringBuilder sb = new StringBuilder("{");
      sorted.forEach((k, x) -> sb.append(quote(k)).append(':').append(canonical(x)).append(','));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (Object x : list) {
        sb.append(canonical(x)).append(',');
      }
      return sb.append(']').toString();
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return "i" + ((Number) v).longValue();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? "i" + (long) d : "d" + Double.toString(d);
    }
    return v == null ? "null" : v instanceof String s ? quote(s) : String.valueOf(v);
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
