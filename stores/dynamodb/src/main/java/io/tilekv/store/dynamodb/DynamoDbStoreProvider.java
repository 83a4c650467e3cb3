package io.tilekv.store.dynamodb;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.internal.DynamoDbKVStore;
import io.tilekv.store.dynamodb.internal.DynamoDbSettings;
import java.util.Set;

/**
 * {@code dynamodb:} (AWS; region from {@code ?region=} or the SDK's chain) and
 * {@code dynamodb://HOST:PORT} (any DynamoDB-compatible endpoint, HTTP unless {@code ?tls=true}).
 * Options: {@link DynamoDbOptions}. {@link #create} does not connect: an unreachable endpoint or bad
 * credentials fail the first call, typed and within the timeout.
 */
@AutoService(KVStoreProvider.class)
public final class DynamoDbStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "dynamodb";
  }

  @Override
  public Set<String> optionalOptions() {
    return DynamoDbOptions.OPTIONAL;
  }

  @Override
  public Set<String> secretOptions() {
    return DynamoDbOptions.SECRET;
  }

  @Override
  public KVStore create(StoreConfig config) {
    return DynamoDbKVStore.open(DynamoDbSettings.parse(config));
  }
}
