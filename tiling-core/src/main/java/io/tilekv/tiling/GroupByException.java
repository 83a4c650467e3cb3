package io.tilekv.tiling;

import java.util.List;

/**
 * A GroupBy definition that cannot be used. Carries every problem found, each naming the field it
 * is about (for example {@code aggregations[1].input: unknown column 'prize'}), so that a user can
 * fix a file in one pass.
 */
public final class GroupByException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public GroupByException(String source, List<String> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one per entry, each starting with the field it is about. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder("invalid GroupBy");
    if (source != null) {
      sb.append(' ').append(source);
    }
    sb.append(problems.size() == 1 ? ": " : " (" + problems.size() + " problems):");
    if (problems.size() == 1) {
      return sb.append(problems.get(0)).toString();
    }
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
