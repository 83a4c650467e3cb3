package io.tilekv.writer.internal;

import io.tilekv.tiling.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line flags ({@code --name value} or {@code --name=value}) and their value formats. */
public final class Flags {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Flags() {}

  public static Flags parse(String[] args) {
    Flags f = new Flags();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        f.positional.add(a);
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      String value;
      if (eq >= 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = "true";
      }
      if (f.values.put(name, value) != null) {
        throw new IllegalArgumentException("--" + name + " is given twice");
      }
    }
    return f;
  }

  public String get(String name) {
    return values.get(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public List<String> positional() {
    return positional;
  }

  /** Names given that are not in {@code known}. */
  public List<String> unknown(List<String> known) {
    List<String> out = new ArrayList<>();
    for (String n : values.keySet()) {
      if (!known.contains(n)) {
        out.add("--" + n);
      }
    }
    return out;
  }

  /** {@code <n>ms}, or {@code <n>s|m|h|d}; {@code 0} alone is zero. */
  public static Duration duration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    return Duration.ofMillis(Durations.parse(t));
  }

  /** Epoch millis or an ISO-8601 instant. */
  public static long instant(String text) {
    String t = text.trim();
    return t.chars().allMatch(c -> c == '-' || Character.isDigit(c))
        ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
  }
}
