package io.tilekv.conformance.stores;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;
import io.tilekv.store.hbase.HBaseFixture;
import io.tilekv.store.hbase.servers.HBaseServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writer -> HBase -> fetcher against the brute-force oracle, on a real standalone HBase 2.6 (or the
 * cluster given by {@code tilekv.hbase.uri} / {@code TILEKV_HBASE_URI}).
 */
@ExtendWith(HBaseServer.class)
class HBaseEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new HBaseFixture(HBaseServer.uri());
  }
}
