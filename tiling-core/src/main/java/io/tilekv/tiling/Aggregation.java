package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.agg.Operation;
import io.tilekv.tiling.internal.Args;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One aggregation of a GroupBy: an operation over one input column, evaluated over one or more
 * windows. All windows of all aggregations share the tile IR of the aggregation; the windows only
 * decide which tiles are merged at query time.
 *
 * <p>Immutable and serializable. Validation against a schema happens in {@link GroupBy}.
 */
public final class Aggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final Operation operation;
  private final List<Window> windows;
  private final Map<String, Object> args;

  private Aggregation(String input, Operation operation, List<Window> windows, Map<String, Object> args) {
    this.input = requireNonNull(input, "input is null");
    this.operation = requireNonNull(operation, "operation is null");
    this.windows = List.copyOf(windows);
    this.args = Args.deepCopy(args);
  }

  /** An aggregation without arguments over windows with their default hops. */
  public static Aggregation of(String input, Operation operation, String... windows) {
    Builder b = builder(input, operation);
    for (String w : windows) {
      b.window(Durations.parse(w));
    }
    return b.build();
  }

  /** Starts an aggregation of {@code operation} over column {@code input}. */
  public static Builder builder(String input, Operation operation) {
    return new Builder(input, operation);
  }

  /** The input column. */
  public String input() {
    return input;
  }

  public Operation operation() {
    return operation;
  }

  /** The windows, in the order they were given. */
  public List<Window> windows() {
    return windows;
  }

  /**
   * Operation arguments such as {@code k} or {@code percentiles}, as read from the file
   * (Integer/Long/Double, String, Boolean, List, Map); unmodifiable.
   */
  public Map<String, Object> args() {
    return args;
  }

  /** {@code <input>_<op>_<window>} in lower case, e.g. {@code price_approx_percentile_7d}. */
  public String featureName(Window window) {
    return (input + "_" + operation.name() + "_" + window.label()).toLowerCase(Locale.ROOT);
  }

  /** The feature names of this aggregation, one per window, in window order. */
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(windows.size());
    for (Window w : windows) {
      names.add(featureName(w));
    }
    return names;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Aggregation a && a.input.equals(input) && a.operation == operation
        && a.windows.equals(windows) && a.args.equals(args);
  }

  @Override
  public int hashCode() {
    return ((input.hashCode() * 31 + operation.hashCode()) * 31 + windows.hashCode()) * 31 + args.hashCode();
  }

  @Override
  public String toString() {
    return "{input: " + input + ", op: " + operation + ", windows: " + windows
        + (args.isEmpty() ? "" : ", args: " + args) + "}";
  }

  /**
   * Builds an {@link Aggregation}. Windows added by length get {@link #hop(long)} if one was set
   * (before or after), else the default hop of their length.
   */
  public static final class Builder {
    private final String input;
    private final Operation operation;
    private final List<Object> windows = new ArrayList<>(); // Long lengths or explicit Windows
    private Map<String, Object> args = Map.of();
    private long hop;

    private Builder(String input, Operation operation) {
      this.input = requireNonNull(input, "input is null");
      this.operation = requireNonNull(operation, "operation is null");
    }

    /** Adds a window of {@code length} millis. */
    public Builder window(long length) {
      windows.add(length);
      return this;
    }

    /** Adds a window with its own hop (not affected by {@link #hop(long)}). */
    public Builder window(Window window) {
      windows.add(requireNonNull(window, "window is null"));
      return this;
    }

    /** Adds windows by duration text, e.g. {@code "6h", "1d"}. */
    public Builder windows(String... lengths) {
      for (String w : lengths) {
        window(Durations.parse(w));
      }
      return this;
    }

    /** Overrides the hop of every window added by length (SPEC section 2). */
    public Builder hop(long hopMillis) {
      if (hopMillis <= 0) {
        throw new IllegalArgumentException("hop must be positive: " + hopMillis);
      }
      this.hop = hopMillis;
      return this;
    }

    /** Replaces the operation arguments. */
    public Builder args(Map<String, ?> args) {
      this.args = Map.copyOf(requireNonNull(args, "args is null"));
      return this;
    }

    /** Adds one operation argument. */
    public Builder arg(String name, Object value) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(args);
      m.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
      this.args = m;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a window is not a multiple of its hop
     */
    public Aggregation build() {
      List<Window> ws = new ArrayList<>();
      for (Object w : windows) {
        ws.add(w instanceof Window win ? win : hop > 0 ? Window.of((Long) w, hop) : Window.of((Long) w));
      }
      return new Aggregation(input, operation, ws, args);
    }
  }
}
