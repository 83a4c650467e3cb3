package io.tilekv.conformance.internal;

import java.time.Duration;

/**
 * How one test (or a container that failed as a whole) ended.
 *
 * @param testClass the simple name of the test class
 * @param method the test method's name, or the class name for a container
 * @param name the name to print, unique within a run: the method, its invocation ("[n]" and the
 *     display name) for parameterized and repeated tests, and the class when several classes ran
 * @param status passed, failed or skipped (aborted by an assumption, or disabled)
 * @param reason why it failed or was skipped; empty when it passed
 * @param error the failure, or null
 * @param elapsed how long it ran
 */
public record TestOutcome(String testClass, String method, String name, Status status, String reason,
    Throwable error, Duration elapsed) {

  public enum Status { PASSED, FAILED, SKIPPED }
}
