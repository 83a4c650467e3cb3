package io.tilekv.conformance;

import io.tilekv.conformance.broken.Unreachable;

/**
 * The reference store passes the whole contract; TTLs pass on a fake clock, and the unreachable
 * server is simulated by a client that fails with UNAVAILABLE after a delay.
 */
class MemoryContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new MemoryFixture().withUnreachable(Unreachable::failsWithUnavailable);
  }
}
