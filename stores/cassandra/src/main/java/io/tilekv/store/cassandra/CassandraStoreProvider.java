package io.tilekv.store.cassandra;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.cassandra.internal.CassandraKVStore;
import io.tilekv.store.cassandra.internal.CassandraSettings;
import java.util.Set;

/**
 * {@code cassandra://HOST:PORT[,HOST:PORT...]?keyspace=...&localDc=...}: Apache Cassandra (and
 * compatible servers) through the Java driver 4.x. Options: {@link CassandraOptions}.
 * {@link #create} connects eagerly and fails within the timeout with UNAVAILABLE, TIMEOUT,
 * AUTHENTICATION or INVALID_CONFIG (a missing keyspace the store may not create).
 */
@AutoService(KVStoreProvider.class)
public final class CassandraStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "cassandra";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(CassandraOptions.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return CassandraOptions.OPTIONAL;
  }

  @Override
  public Set<String> secretOptions() {
    return CassandraOptions.SECRET;
  }

  @Override
  public KVStore create(StoreConfig config) {
    return CassandraKVStore.connect(CassandraSettings.parse(config));
  }
}
