package io.tilekv.store.hbase;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.store.hbase.servers.HBaseServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole store contract against a real HBase 2.6 (see {@link HBaseServer} for which one). */
@ExtendWith(HBaseServer.class)
class HBaseContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new HBaseFixture(HBaseServer.uri());
  }
}
