package io.tilekv.conformance.e2e;

import io.tilekv.conformance.ConformanceGroup;
import java.util.List;

/**
 * The {@code end-to-end} group for the {@link io.tilekv.conformance.ConformanceRunner}: writer,
 * store and fetcher against the brute-force oracle, for the store the runner names. Add it with
 * {@code ConformanceRunner.builder().group(EndToEndGroup.NAME, new EndToEndGroup().testClasses())}.
 *
 * <p>Not registered with {@link java.util.ServiceLoader} on purpose: discovery would add about
 * half a minute of Flink runs to every runner call, the kit's own runner tests included. A command
 * line that wants it adds it explicitly.
 */
public final class EndToEndGroup implements ConformanceGroup {
  /** The group's name in reports. */
  public static final String NAME = "end-to-end";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Class<?>> testClasses() {
    return List.of(UriEndToEndTest.class);
  }
}
