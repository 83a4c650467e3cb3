package io.tilekv.conformance.stores;

import io.tilekv.store.rocksdb.RocksDbFixture;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;

/** Writer -> RocksDB -> fetcher against the brute-force oracle, with a clock the expiry test moves. */
class RocksDbEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new RocksDbFixture();
  }
}
