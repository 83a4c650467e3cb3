package io.tilekv.conformance.broken;

/** Access to the broken-store suites for tests in other packages. */
public final class BrokenSuites {
  private BrokenSuites() {}

  /** The contract suite against a store where the first entry of a key in one call wins. */
  public static Class<?> firstWins() {
    return BrokenStoresAreCaughtTest.FirstWins.class;
  }
}
