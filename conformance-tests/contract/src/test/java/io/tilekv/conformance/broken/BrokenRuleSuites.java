package io.tilekv.conformance.broken;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.MemoryFixture;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The contract suite against each store of {@link BrokenRules}, and against the correct reference
 * store with and without persistence. Not named *Test: only {@link BrokenStoresAreCaughtTest} runs
 * them, through the launcher.
 */
final class BrokenRuleSuites {
  private BrokenRuleSuites() {}

  private static StoreFixture broken(UnaryOperator<KVStore> wrap) {
    return new MemoryFixture(wrap, Duration.ofSeconds(10));
  }

  /** The reference store as the memory module tests it: every check passes, reopen is skipped. */
  static class Reference extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return new MemoryFixture().withUnreachable(Unreachable::failsWithUnavailable);
    }
  }

  /** The reference store declared persistent: the reopen check runs and passes. */
  static class PersistentReference extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return new MemoryFixture().persisting(false).withUnreachable(Unreachable::failsWithUnavailable);
    }
  }

  static class ForgetsOnReopen extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return new MemoryFixture().persisting(true);
    }
  }

  static class ExpiresEarly extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::expiresEarly);
    }
  }

  static class HandsOutItsOwnArrays extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::handsOutItsOwnArrays);
    }
  }

  static class SharesArraysOfDuplicateKeys extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::sharesArraysOfDuplicateKeys);
    }
  }

  static class WritesBatchesOneByOne extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::writesBatchesOneByOne);
    }
  }

  static class PagerSkipsTheKeyAfterEachPage extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::pagerSkipsTheKeyAfterEachPage);
    }
  }

  static class ThrowsStoreErrors extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::throwsStoreErrors);
    }
  }

  static class DefersNullChecks extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::defersNullChecks);
    }
  }

  static class AcceptsMalformedDatasetNames extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::acceptsMalformedDatasetNames);
    }
  }

  static class MapsDatasetNamesLossily extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::mapsDatasetNamesLossily);
    }
  }

  static class CapabilitiesChangeAfterAWrite extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::capabilitiesChangeAfterAWrite);
    }
  }

  static class ReadErrorsReadAsAbsent extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::readErrorsReadAsAbsent);
    }
  }

  static class DropsRefusedWrites extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::dropsRefusedWrites);
    }
  }

  static class FailsWritesWithoutNamingKeys extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenRules::failsWritesWithoutNamingKeys);
    }
  }

  static class FailsCallsInFlightAtClose extends KVStoreContractTest {
    @Override
    protected StoreFixture fixture() {
      return broken(BrokenCalls::failsCallsInFlightAtClose);
    }
  }
}
