package io.tilekv.store.cassandra;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.store.cassandra.servers.CassandraServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole conformance kit against a real Cassandra 5 node. */
@ExtendWith(CassandraServer.class)
class CassandraContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new CassandraFixture();
  }
}
