package io.tilekv.conformance;

/**
 * The contract suite against the store named by the system property
 * {@value UriStoreFixture#STORE_PROPERTY}; what {@link ConformanceRunner} runs as the
 * {@code contract} group.
 */
public class UriStoreContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return UriStoreFixture.fromSystemProperty();
  }
}
