package io.tilekv.store.rocksdb;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;

/**
 * The whole store contract against a RocksDB store in a temporary directory. RocksDB allows one
 * open store per directory, so the kit's clients share one instance; TTLs pass on a manual clock,
 * and the kit's reopen checks close the instance and open the directory again.
 */
class RocksDbContractTest extends KVStoreContractTest {

  @Override
  protected StoreFixture fixture() {
    return new RocksDbFixture();
  }
}
