package io.tilekv.conformance;

/** The reference store passes the whole contract; TTLs pass on a fake clock. */
class MemoryContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new MemoryFixture();
  }
}
