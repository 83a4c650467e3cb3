package io.tilekv.writer.internal;

import java.util.ArrayList;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * The first {@value #LIMIT} rejections of a run, as {@code Rejected.describe()} lines: the bounded
 * sample the summary shows. Merged across subtasks, still bounded.
 */
public final class RejectsSample implements Accumulator<String, ArrayList<String>> {
  private static final long serialVersionUID = 1L;
  public static final int LIMIT = 10;

  private ArrayList<String> lines = new ArrayList<>();

  @Override
  public void add(String line) {
    if (lines.size() < LIMIT) {
      lines.add(line);
    }
  }

  @Override
  public ArrayList<String> getLocalValue() {
    return lines;
  }

  @Override
  public void resetLocal() {
    lines = new ArrayList<>();
  }

  @Override
  public void merge(Accumulator<String, ArrayList<String>> other) {
    for (String line : other.getLocalValue()) {
      add(line);
    }
  }

  @Override
  public RejectsSample clone() {
    RejectsSample c = new RejectsSample();
    c.lines = new ArrayList<>(lines);
    return c;
  }
}
