package io.tilekv.store.redis;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.store.redis.servers.RedisServers;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole conformance kit against one standalone Redis ({@code redis://}). */
@ExtendWith(RedisServers.class)
class RedisContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new RedisFixture(RedisServers.standalone());
  }
}
