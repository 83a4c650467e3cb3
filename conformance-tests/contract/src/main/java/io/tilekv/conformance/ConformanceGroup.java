package io.tilekv.conformance;

import java.util.List;

/**
 * A named set of test classes the {@link ConformanceRunner} runs against a store URI. The runner
 * always runs the {@code contract} group; other modules add groups (an end-to-end suite, say) by
 * registering an implementation with {@link java.util.ServiceLoader} (e.g.
 * {@code @AutoService(ConformanceGroup.class)}) or with {@link ConformanceRunner.Builder#group}.
 *
 * <p>The test classes find the store under test with {@link UriStoreFixture#fromSystemProperty()}.
 */
public interface ConformanceGroup {

  /** The group's name in the report, e.g. {@code end-to-end}. */
  String name();

  /** The JUnit 5 test classes of the group, run in this order. */
  List<Class<?>> testClasses();

  /** A group from a name and classes. */
  static ConformanceGroup of(String name, List<Class<?>> testClasses) {
    List<Class<?>> classes = List.copyOf(testClasses);
    java.util.Objects.requireNonNull(name, "name is null");
    return new ConformanceGroup() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Class<?>> testClasses() {
        return classes;
      }
    };
  }
}
