package io.tilekv.writer.internal;

import java.util.ArrayList;
import java.util.TreeSet;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * The {@value #LIMIT} smallest entity keys of a run ({@code customer_id=Alice}), for the summary:
 * the smallest rather than the first, so that the same input gives the same examples at any
 * parallelism. Merged across subtasks, still bounded.
 */
public final class KeyExamples implements Accumulator<String, ArrayList<String>> {
  private static final long serialVersionUID = 1L;
  public static final int LIMIT = 3;

  private TreeSet<String> keys = new TreeSet<>();

  @Override
  public void add(String key) {
    if (keys.size() < LIMIT) {
      keys.add(key);
    } else if (key.compareTo(keys.last()) < 0 && keys.add(key)) {
      keys.pollLast();
    }
  }

  @Override
  public ArrayList<String> getLocalValue() {
    return new ArrayList<>(keys);
  }

  @Override
  public void resetLocal() {
    keys = new TreeSet<>();
  }

  @Override
  public void merge(Accumulator<String, ArrayList<String>> other) {
    for (String key : other.getLocalValue()) {
      add(key);
    }
  }

  @Override
  public KeyExamples clone() {
    KeyExamples c = new KeyExamples();
    c.keys = new TreeSet<>(keys);
    return c;
  }
}
