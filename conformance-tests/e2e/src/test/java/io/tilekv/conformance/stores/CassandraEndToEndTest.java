package io.tilekv.conformance.stores;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;
import io.tilekv.store.cassandra.CassandraFixture;
import io.tilekv.store.cassandra.servers.CassandraServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writer -> Cassandra -> fetcher against the brute-force oracle, on a real Cassandra 5 node. */
@ExtendWith(CassandraServer.class)
class CassandraEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new CassandraFixture();
  }
}
