package io.tilekv.conformance.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
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
    Recorder recorder = new Recorder(onEach);
    LauncherFactory.create().execute(built, recorder);
    return recorder.outcomes;
  }

  private static final class Recorder implements TestExecutionListener {
    private final Consumer<TestOutcome> onEach;
    private final List<TestOutcome> outcomes = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    Recorder(Consumer<TestOutcome> onEach) {
      this.onEach = onEach;
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
      // Invocations of a parameterized test are named "[n] argument": keep the method in front.
      String name = id.getDisplayName().startsWith("[") ? method + " " + id.getDisplayName() : method;
      TestOutcome outcome = new TestOutcome(testClass, method, name, status, reason, error, elapsed);
      outcomes.add(outcome);
      onEach.accept(outcome);
    }

    private static String describe(Throwable t) {
      if (t == null) {
        return "failed";
      }
      String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      return t instanceof AssertionError ? message : t.getClass().getSimpleName() + ": " + message;
    }

    private static String simpleName(String className) {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }
}
