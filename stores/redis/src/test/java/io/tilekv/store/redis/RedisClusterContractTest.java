package io.tilekv.store.redis;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.store.redis.servers.RedisServers;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole conformance kit against a three-master Redis Cluster ({@code redis-cluster://}). */
@ExtendWith(RedisServers.class)
class RedisClusterContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new RedisFixture(RedisServers.cluster());
  }
}
