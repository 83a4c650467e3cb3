package io.tilekv.conformance.contract;

/**
 * One part of the store contract, as JUnit 5 test methods with default implementations.
 * {@link io.tilekv.conformance.KVStoreContractTest} implements all parts; a part on its own is
 * useful only to run a subset while developing an adapter.
 */
public interface ContractPart {

  /** The store under test, with a fresh dataset for the running test. */
  StoreUnderTest sut();
}
