package io.tilekv.conformance.e2e;

import io.tilekv.conformance.MemoryFixture;
import io.tilekv.conformance.StoreFixture;

/** The end-to-end suite against the reference store, with a clock the expiry test moves. */
class MemoryEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new MemoryFixture();
  }
}
