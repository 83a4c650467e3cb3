package io.tilekv.store.dynamodb;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.store.dynamodb.servers.Dynalite;
import io.tilekv.store.dynamodb.servers.DynamoDbFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole contract kit against dynalite, or the endpoint given by {@value Dynalite#URI_PROPERTY}. */
@ExtendWith(Dynalite.class)
class DynamoDbContractTest extends KVStoreContractTest {
  @Override
  protected StoreFixture fixture() {
    return new DynamoDbFixture();
  }
}
