package io.tilekv.store.hbase;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.hbase.internal.HBaseKVStore;
import io.tilekv.store.hbase.internal.HBaseSettings;
import java.util.Set;

/**
 * {@code hbase://ZK_HOST:ZK_PORT[,...]?znode=/hbase&namespace=...}: Apache HBase 2.x through the
 * shaded asynchronous client. Options: {@link HBaseOptions}. {@link #create} connects eagerly and
 * fails within the timeout with UNAVAILABLE or TIMEOUT when ZooKeeper or the cluster cannot be reached.
 */
@AutoService(KVStoreProvider.class)
public final class HBaseStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "hbase";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(HBaseOptions.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return HBaseOptions.OPTIONAL;
  }

  @Override
  public KVStore create(StoreConfig config) {
    return HBaseKVStore.connect(HBaseSettings.parse(config));
  }
}
