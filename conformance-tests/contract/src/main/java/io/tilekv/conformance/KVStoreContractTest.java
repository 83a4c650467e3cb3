package io.tilekv.conformance;

import io.tilekv.conformance.contract.ArrayIsolationContract;
import io.tilekv.conformance.contract.BatchContract;
import io.tilekv.conformance.contract.CallRulesContract;
import io.tilekv.conformance.contract.ConcurrencyContract;
import io.tilekv.conformance.contract.DatasetContract;
import io.tilekv.conformance.contract.FaultContract;
import io.tilekv.conformance.contract.LifecycleContract;
import io.tilekv.conformance.contract.PersistenceContract;
import io.tilekv.conformance.contract.PointReadWriteContract;
import io.tilekv.conformance.contract.RangeScanContract;
import io.tilekv.conformance.contract.StoreUnderTest;
import io.tilekv.conformance.contract.TtlContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract (SPEC section 7) as a JUnit 5 suite. A store module extends this class in its
 * tests and supplies {@link #fixture()}; everything else is inherited:
 *
 * <pre>{@code
 * class RedisContractTest extends KVStoreContractTest {
 *   @RegisterExtension static final RedisServerExtension SERVER = new RedisServerExtension();
 *
 *   @Override protected StoreFixture fixture() {
 *     return () -> KVStores.open(SERVER.uri());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> One instance per class. {@link #fixture()} is called once, lazily, before
 * the first test and after every {@code @BeforeAll} of the subclass, so a server started there is
 * up; the first client it opens is used by all tests and closed, with the fixture, after the last.
 * Each test gets a fresh dataset with a name unique to the run, so the suite can run repeatedly
 * against a persistent store.
 *
 * <p><b>Capabilities are checked both ways.</b> Tests of a declared capability run; for an
 * undeclared one, a paired test asserts the UNSUPPORTED error instead, so every class reports the
 * pair as one run and one skipped test.
 *
 * <p><b>Optional checks.</b> Stores that persist ({@link StoreFixture#persistent()}) are closed and
 * reopened; fixtures that can inject faults into the store ({@link StoreFixture#faults()}) get the
 * checks that read and write errors are never hidden. Without them those checks are skipped.
 *
 * <p><b>Never hangs.</b> Every future is awaited at most {@link StoreFixture#operationTimeout()}
 * plus slack; a store that does not answer fails the test.
 *
 * <p>The parts, one interface each, are in {@link io.tilekv.conformance.contract}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KVStoreContractTest implements PointReadWriteContract, BatchContract,
    DatasetContract, TtlContract, RangeScanContract, ConcurrencyContract, LifecycleContract,
    CallRulesContract, ArrayIsolationContract, PersistenceContract, FaultContract {

  private StoreFixture fixture;
  private StoreUnderTest sut;
  private RuntimeException openFailure;

  /**
   * How to open clients of the store under test. Called once per class; the fixture is closed after
   * the last test.
   */
  protected abstract StoreFixture fixture();

  @Override
  public final StoreUnderTest sut() {
    if (sut == null) {
      throw new IllegalStateException("the store is opened before the first test");
    }
    return sut;
  }

  @BeforeEach
  protected final void openStoreAndCreateDataset() {
    if (openFailure != null) {
      throw openFailure;
    }
    if (sut == null) {
      try {
        fixture = java.util.Objects.requireNonNull(fixture(), "fixture() returned null");
        sut = StoreUnderTest.open(fixture);
      } catch (RuntimeException e) {
        openFailure = e;
        throw e;
      }
    }
    sut.beginTest();
  }

  @AfterEach
  protected final void closeClientsOfTheTest() {
    if (sut != null) {
      sut.endTest();
    }
  }

  @AfterAll
  protected final void closeStore() {
    try {
      if (sut != null) {
        sut.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}
