package io.tilekv.conformance.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs JUnit 5 test classes with the JUnit Platform Launcher and reports each outcome. */
public final class SuiteExecution {
  private SuiteExecution() {}

  /**
   * Runs {@code testClasses} in the calling thread and returns one outcome per test, plus one per
   * container that failed as a whole (a failing {@code @BeforeAll}, say), in execution order.
   * Every outcome's name is unique within the run: an invocation of a parameterized or repeated test
   * carries its index and display name, and when several classes run, names carry the class.
   */
  public static List<TestOutcome> run(List<Class<?>> testClasses, Consumer<TestOutcome> onEach) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        // Only what we ask for: no listeners or extensions found on the user's classpath.
        .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false");
    for (Class<?> c : testClasses) {
      request.selectors(selectClass(c));
    }
    LauncherDiscoveryRequest built = request.build();
    Recorder recorder = new Recorder(onEach, testClasses.size() > 1);
    LauncherFactory.create().execute(built, recorder);
    return recorder.outcomes;
  }

  /** Unique-id segment types of one invocation of a test template or test factory. */
  private static final Set<String> INVOCATIONS = Set.of("test-template-invocation", "dynamic-test");

  private static final class Recorder implements TestExecutionListener {
    private final Consumer<TestOutcome> onEach;
    private final List<TestOutcome> outcomes = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final boolean qualify;

    Recorder(Consumer<TestOutcome> onEach, boolean qualify) {
      this.onEach = onEach;
      this.qualify = qualify;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest() || id.getSource().filter(ClassSource.class::isInstance).isPresent()) {
        record(id, TestOutcome.Status.SKIPPED, reason, null);
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Throwable error = result.getThrowable().orElse(null);
      switch (result.getStatus()) {
        case SUCCESSFUL -> {
          if (id.isTest()) {
            record(id, TestOutcome.Status.PASSED, "", null);
          }
        }
        case ABORTED -> {
          if (id.isTest()) {
            record(id, TestOutcome.Status.SKIPPED, error == null ? "aborted" : String.valueOf(error.getMessage()), error);
          }
        }
        case FAILED -> record(id, TestOutcome.Status.FAILED, describe(error), error);
      }
    }

    private void record(TestIdentifier id, TestOutcome.Status status, String reason, Throwable error) {
      Long start = started.remove(id.getUniqueId());
      Duration elapsed = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
      Optional<TestSource> source = id.getSource();
      String testClass = "";
      String method = id.getDisplayName();
      if (source.isPresent() && source.get() instanceof MethodSource m) {
        testClass = simpleName(m.getClassName());
        method = m.getMethodName();
      } else if (source.isPresent() && source.get() instanceof ClassSource c) {
        testClass = simpleName(c.getClassName());
        method = testClass;
      }
      String name = (qualify && !testClass.isEmpty() && !method.equals(testClass) ? testClass + "." : "")
          + method + variant(id);
      TestOutcome outcome = new TestOutcome(testClass, method, name, status, reason, error, elapsed);
      outcomes.add(outcome);
      onEach.accept(outcome);
    }

    /**
     * The invocation of a parameterized, repeated or dynamic test, so that no two variants print
     * alike: " [n]" and the display name (which may be the same for two invocations, or carry no
     * index when the test names its invocations), or "" for a plain test.
     */
    private static String variant(TestIdentifier id) {
      UniqueId.Segment last = id.getUniqueIdObject().getLastSegment();
      if (!INVOCATIONS.contains(last.getType())) {
        return "";
      }
      String index = last.getValue().startsWith("#") ? last.getValue().substring(1) : last.getValue();
      String display = id.getDisplayName().strip();
      String prefix = "[" + index + "]";
      if (display.startsWith(prefix)) {
        display = display.substring(prefix.length()).strip();
      }
      return " " + prefix + (display.isEmpty() ? "" : " " + display);
    }

    private static String describe(Throwable t) {
      if (t == null) {
        return "failed";
      }
      String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      return t instanceof AssertionError ? message : t.getClass().getSimpleName() + ": " + message;
    }

    private static String simpleName(String className) {
      return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
  }
}
