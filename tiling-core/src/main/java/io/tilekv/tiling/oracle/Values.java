package io.tilekv.tiling.oracle;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one total order of values (SPEC section 5 as implemented by the aggregations): natural order,
 * {@link Double#compare}/{@link Float#compare} for floating point, false before true, strings by
 * UTF-16 units, bytes unsigned lexicographically; plus deep equality that treats byte arrays by
 * content.
 */
final class Values {
  static final Comparator<Object> ORDER = Values::compare;

  private Values() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    return ((Comparable) a).compareTo(b); // Double.compareTo is Double.compare
  }

  /** Deep equality with byte[] by content, lists in order, maps by entries in iteration order. */
  static boolean deepEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      var ix = x.entrySet().iterator();
      var iy = y.entrySet().iterator();
      while (ix.hasNext()) {
        var ex = ix.next();
        var ey = iy.next();
        if (!deepEquals(ex.getKey(), ey.getKey()) || !deepEquals(ex.getValue(), ey.getValue())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b) && a.getClass() == b.getClass();
  }

  /** Text for mismatch messages: byte arrays as hex, doubles with all digits. */
  static String show(Object v) {
    if (v instanceof byte[] b) {
      return "0x" + java.util.HexFormat.of().formatHex(b);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Values::show).toList().toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(show(k)).append('=').append(show(x)));
      return sb.append('}').toString();
    }
    return v == null ? "null" : v + (v instanceof Float ? "f" : v instanceof Long ? "L" : "");
  }

  static int intArg(Map<String, Object> args, String name, int def) {
    Object v = args.get(name);
    if (v == null) {
      return def;
    }
    return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
  }

  static double[] fractionsArg(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (v == null) {
      return new double[] {0.5};
    }
    List<?> items = v instanceof List<?> l ? l : List.of(v);
    return items.stream().mapToDouble(x -> x instanceof Number n ? n.doubleValue() : Double.parseDouble(x.toString())).toArray();
  }
}
