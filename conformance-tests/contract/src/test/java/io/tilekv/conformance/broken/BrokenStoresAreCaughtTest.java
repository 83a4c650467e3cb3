package io.tilekv.conformance.broken;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.MemoryFixture;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.internal.SuiteExecution;
import io.tilekv.conformance.internal.TestOutcome;
import io.tilekv.spi.KVStore;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The suite catches stores that break the contract: it runs against each broken store of
 * {@link BrokenStores} with the JUnit Platform Launcher and must fail the tests that check the
 * broken rule. A suite that passes a broken store is a bug of the suite.
 */
class BrokenStoresAreCaughtTest {

  static Stream<Arguments> brokenStores() {
    return Stream.of(
        Arguments.of(DropsLastResult.class, List.of("multiGetReturnsOneResultPerKeyInRequestOrder", "missingKeysReadAsEmptyNeverNull")),
        Arguments.of(IgnoresDataset.class, List.of("sameKeyInTwoDatasetsHoldsTwoValues", "scanReturnsOnlyItsOwnPartitionAndDataset")),
        Arguments.of(NeverExpires.class, List.of("expiredEntriesReadAsEmptyWhileOthersStay")),
        Arguments.of(ReversesBatches.class, List.of("multiGetReturnsOneResultPerKeyInRequestOrder", "duplicateKeysInOneRequestEachGetTheValue")),
        Arguments.of(LosesWritesBeyondTheFirstBatch.class, List.of("callFarAboveTheStoreLimitsIsWrittenAndReadCompletely", "lastEntryWinsAcrossBatchBoundaries")),
        Arguments.of(UnsortedScanPages.class, List.of("scanIsCompleteAndAscendingAcrossPages")),
        Arguments.of(PartialScanPages.class, List.of("scanIsCompleteAndAscendingAcrossPages")),
        Arguments.of(AnswersUndeclaredScans.class, List.of("scanIsRefusedAsUnsupportedWhenRangeScanIsNotDeclared")),
        Arguments.of(AcceptsUndeclaredTtl.class, List.of("ttlEntryIsRefusedAsUnsupportedWhenTtlIsNotDeclared")),
        Arguments.of(FirstWins.class, List.of("laterEntryForTheSameKeyWinsWithinOneCall", "lastEntryWinsAcrossBatchBoundaries")),
        Arguments.of(ErrorsNameAnotherStore.class, List.of("valueOneByteOverTheMaximumIsRejectedAndNothingIsWritten", "everyOperationOfAClosedClientFailsWithClosed")),
        Arguments.of(IgnoresClose.class, List.of("everyOperationOfAClosedClientFailsWithClosed", "closingTwiceIsHarmless")),
        Arguments.of(UnreachableFailsUntyped.class, List.of("unreachableServerFailsWithUnavailableOrTimeoutInTime")),
        Arguments.of(UnreachableHangs.class, List.of("unreachableServerFailsWithUnavailableOrTimeoutInTime")),
        Arguments.of(TruncatesLargeValues.class, List.of("valuesRoundTripByteExact")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenStores")
  void suiteFailsTheTestsOfTheBrokenRule(Class<?> suite, List<String> expectedFailures) {
    List<TestOutcome> outcomes = SuiteExecution.run(List.of(suite), o -> {
      if (o.status() == TestOutcome.Status.FAILED) {
        System.out.println(suite.getSimpleName() + " failed " + o.name() + ": " + o.reason());
      }
    });

    List<String> failed = outcomes.stream().filter(o -> o.status() == TestOutcome.Status.FAILED)
        .map(TestOutcome::method).distinct().toList();
    assertThat(outcomes).as("tests run").hasSizeGreaterThan(30);
    assertThat(failed).as("failed tests of the suite against " + suite.getSimpleName())
        .containsAll(expectedFailures);
  }

  @Test
  void storeThatNeverAnswersFailsByTimeoutInsteadOfHanging() {
    long start = System.nanoTime();
    List<TestOutcome> outcomes = SuiteExecution.run(List.of(HangsOnMissingKeys.class), o -> {});

    assertThat(outcomes).filteredOn(o -> o.method().equals("missingKeysReadAsEmptyNeverNull"))
        .singleElement().satisfies(o -> {
          assertThat(o.status()).isEqualTo(TestOutcome.Status.FAILED);
          assertThat(o.reason()).contains("did not complete within");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time for the whole suite").isLessThan(Duration.ofMinutes(1));
  }

  private static StoreFixture broken(UnaryOperator<KVStore> wrap) {
    return new MemoryFixture(wrap, Duration.ofSeconds(10));
  }

  // Not named *Test and nested: surefire runs none of these directly, only the launcher above.

  static class DropsLastResult extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::dropsLastResult);
    }
  }

  static class IgnoresDataset extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::ignoresDataset);
    }
  }

  static class NeverExpires extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::neverExpires);
    }
  }

  static class ReversesBatches extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::reversesBatches);
    }
  }

  static class LosesWritesBeyondTheFirstBatch extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::losesWritesBeyondTheFirstBatch);
    }
  }

  static class UnsortedScanPages extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::unsortedScanPages);
    }
  }

  static class PartialScanPages extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::partialScanPages);
    }
  }

  static class AnswersUndeclaredScans extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::answersUndeclaredScans);
    }
  }

  static class AcceptsUndeclaredTtl extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::acceptsUndeclaredTtl);
    }
  }

  static class FirstWins extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::firstWins);
    }
  }

  static class HangsOnMissingKeys extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      // A short timeout keeps the many tests that read a missing key quick to fail.
      return new MemoryFixture(BrokenStores::hangsOnMissingKeys, Duration.ofMillis(200));
    }
  }

  static class ErrorsNameAnotherStore extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::errorsNameAnotherStore);
    }
  }

  static class IgnoresClose extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::ignoresClose);
    }
  }

  static class TruncatesLargeValues extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenStores::truncatesLargeValues);
    }
  }

  static class UnreachableFailsUntyped extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return new MemoryFixture().withUnreachable(Unreachable::failsUntyped);
    }
  }

  static class UnreachableHangs extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return new MemoryFixture(UnaryOperator.identity(), Duration.ofMillis(500)).withUnreachable(Unreachable::hangs);
    }
  }
}
