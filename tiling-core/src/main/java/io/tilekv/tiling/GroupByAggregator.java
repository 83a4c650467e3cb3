package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.agg.Aggregator;
import io.tilekv.tiling.internal.Aggs;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IR arithmetic of a whole GroupBy. A tile's IR is an {@code Object[]} with one IR per
 * aggregation, in {@link GroupBy#aggregations()} order; every window of every aggregation is
 * answered from the same array (SPEC section 1).
 *
 * <p>Like {@link Aggregator}, {@link #update} and {@link #merge} may modify and return their first
 * argument and never modify the second. This class is stateless and thread-safe; IR arrays are not.
 * Serializable, so Flink functions may capture it.
 */
public final class GroupByAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GroupBy groupBy;
  private transient Aggregator<Object>[] aggregators;
  private transient int[] inputs;
  private transient int[][] windowIndexes; // per GroupBy window: the aggregations that have it

  public GroupByAggregator(GroupBy groupBy) {
    this.groupBy = requireNonNull(groupBy, "groupBy is null");
    setUp();
  }

  public GroupBy groupBy() {
    return groupBy;
  }

  /** Number of IRs in an array (= number of aggregations). */
  public int size() {
    return aggregators.length;
  }

  /** The aggregator of aggregation {@code i}. */
  public Aggregator<Object> aggregator(int i) {
    return aggregators[i];
  }

  /** A fresh IR array: no events. */
  public Object[] init() {
    Object[] irs = new Object[aggregators.length];
    for (int i = 0; i < irs.length; i++) {
      irs[i] = aggregators[i].init();
    }
    return irs;
  }

  /** Adds one event to every aggregation whose input value is not null; returns {@code irs}. */
  public Object[] update(Object[] irs, Row row) {
    long ts = row.timestamp();
    for (int i = 0; i < irs.length; i++) {
      Object v = row.get(inputs[i]);
      if (v != null) {
        irs[i] = aggregators[i].update(irs[i], v, ts);
      }
    }
    return irs;
  }

  /** Merges {@code other} into {@code into}, IR by IR; returns {@code into}. */
  public Object[] merge(Object[] into, Object[] other) {
    for (int i = 0; i < into.length; i++) {
      into[i] = aggregators[i].merge(into[i], other[i]);
    }
    return into;
  }

  /** A deep copy. */
  public Object[] copy(Object[] irs) {
    Object[] c = new Object[irs.length];
    for (int i = 0; i < irs.length; i++) {
      c[i] = aggregators[i].copy(irs[i]);
    }
    return c;
  }

  /** The IR array of {@code tiles} merged into a fresh array; {@code tiles} are not modified. */
  public Object[] mergeAll(List<Object[]> tiles) {
    Object[] acc = init();
    for (Object[] t : tiles) {
      merge(acc, t);
    }
    return acc;
  }

  /**
   * The feature values of every aggregation that has window {@code window}, computed from the
   * IRs merged over that window's tiles: feature name to value, in aggregation order.
   *
   * @throws IllegalArgumentException if no aggregation of the GroupBy has this window
   */
  public Map<String, Object> finalizeWindow(Window window, Object[] merged) {
    int w = groupBy.windows().indexOf(window);
    if (w < 0) {
      throw new IllegalArgumentException("window " + window + " is not one of " + groupBy.windows());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i : windowIndexes[w]) {
      out.put(groupBy.aggregations().get(i).featureName(window), aggregators[i].finalizeValue(merged[i]));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Every feature over no events (SPEC section 5: counts are 0, everything else null), which is
   * also the answer for an entity key that was never seen. Keys in {@link GroupBy#featureNames()}
   * order.
   */
  public Map<String, Object> emptyFeatures() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < aggregators.length; i++) {
      Object value = aggregators[i].finalizeValue(aggregators[i].init());
      for (Window w : groupBy.aggregations().get(i).windows()) {
        out.put(groupBy.aggregations().get(i).featureName(w), value);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private void setUp() {
    List<Aggregation> aggs = groupBy.aggregations();
    aggregators = new Aggregator[aggs.size()];
    inputs = new int[aggs.size()];
    for (int i = 0; i < aggs.size(); i++) {
      Aggregation a = aggs.get(i);
      inputs[i] = groupBy.schema().index(a.input());
      aggregators[i] = Aggs.create(a.operation(), groupBy.schema().type(inputs[i]), a.args());
    }
    List<Window> windows = groupBy.windows();
    windowIndexes = new int[windows.size()][];
    for (int w = 0; w < windows.size(); w++) {
      Window window = windows.get(w);
      windowIndexes[w] = java.util.stream.IntStream.range(0, aggs.size())
          .filter(i -> aggs.get(i).windows().contains(window)).toArray();
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    setUp();
  }
}
