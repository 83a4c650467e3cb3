package io.tilekv.conformance.stores;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;
import io.tilekv.store.redis.RedisFixture;
import io.tilekv.store.redis.servers.RedisServers;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writer -> Redis Cluster -> fetcher against the brute-force oracle, on real redis-server processes. */
@ExtendWith(RedisServers.class)
class RedisClusterEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new RedisFixture(RedisServers.cluster());
  }
}
