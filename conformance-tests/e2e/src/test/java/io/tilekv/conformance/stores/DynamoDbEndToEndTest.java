package io.tilekv.conformance.stores;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;
import io.tilekv.store.dynamodb.servers.Dynalite;
import io.tilekv.store.dynamodb.servers.DynamoDbFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writer -> DynamoDB -> fetcher against the brute-force oracle, on dynalite started by the build
 * (or the endpoint given by {@value Dynalite#URI_PROPERTY} / {@value Dynalite#URI_ENV}).
 */
@ExtendWith(Dynalite.class)
class DynamoDbEndToEndTest extends EndToEndConformanceTest {
  @Override
  protected StoreFixture fixture() {
    return new DynamoDbFixture();
  }
}
