package io.tilekv.conformance.e2e;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.UriStoreFixture;

/**
 * The end-to-end suite against the store named by the system property
 * {@value UriStoreFixture#STORE_PROPERTY}; what {@code bin/tilekv conformance} runs.
 */
public final class UriEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return UriStoreFixture.fromSystemProperty();
  }
}
