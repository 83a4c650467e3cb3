package io.tilekv.store.dynamodb.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates dataset tables idempotently: CreateTable (an existing table is fine), then DescribeTable
 * until ACTIVE, then TTL on the expiry attribute where the server supports it.
 */
final class DynamoDbTables {
  private static final List<KeySchemaElement> KEY_SCHEMA = List.of(
      KeySchemaElement.builder().attributeName(Items.PARTITION).keyType(KeyType.HASH).build(),
      KeySchemaElement.builder().attributeName(Items.SORT).keyType(KeyType.RANGE).build());

  private final DynamoDbAsyncClient client;
  private final DynamoDbSettings settings;
  private final String store;

  DynamoDbTables(DynamoDbAsyncClient client, DynamoDbSettings settings, String store) {
    this.client = client;
    this.settings = settings;
    this.store = store;
  }

  CompletableFuture<Void> create(String table) {
    CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(table)
        .keySchema(KEY_SCHEMA)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName(Items.PARTITION).attributeType(ScalarAttributeType.B).build(),
            AttributeDefinition.builder().attributeName(Items.SORT).attributeType(ScalarAttributeType.N).build());
    if (settings.provisioned()) {
      request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(ProvisionedThroughput.builder()
          .readCapacityUnits(settings.readCapacity()).writeCapacityUnits(settings.writeCapacity()).build());
    } else {
      request.billingMode(BillingMode.PAY_PER_REQUEST);
    }
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    return client.createTable(request.build()).handle((r, t) -> {
      if (t != null && !(unwrap(t) instanceof ResourceInUseException)) {
        throw DynamoDbErrors.map(store, "createDataset", table, t);
      }
      return null; // created now, or it already exists (or is being created): wait for ACTIVE
    }).thenCompose(x -> waitActive(table, deadline, 50)).thenCompose(x -> enableTtl(table));
  }

  private CompletableFuture<Void> waitActive(String table, long deadline, long pauseMillis) {
    return client.describeTable(b -> b.tableName(table)).thenCompose(d -> {
      TableDescription t = d.table();
      if (!t.keySchema().equals(KEY_SCHEMA)) {
        throw new KVStoreException(Kind.INVALID_CONFIG, store, "table " + table + " exists with key schema "
            + t.keySchema() + ", not (" + Items.PARTITION + " binary, " + Items.SORT + " number); choose another "
            + "'table-prefix'");
      }
      if (t.tableStatus() == TableStatus.ACTIVE) {
        return CompletableFuture.completedFuture(null);
      }
      if (System.nanoTime() > deadline) {
        throw new KVStoreException(Kind.TIMEOUT, store, "table " + table + " is still " + t.tableStatus()
            + "; createDataset is idempotent, call it again");
      }
      return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS))
          .thenCompose(x -> waitActive(table, deadline, Math.min(pauseMillis * 2, 1_000)));
    });
  }

  /**
   * Best effort: reads filter expired items anyway, TTL only reclaims their storage. An emulator
   * without the TTL API (dynalite answers UnknownOperationException) or a role without the
   * permission must not fail createDataset.
   */
  private CompletableFuture<Void> enableTtl(String table) {
    if (!settings.enableTtl()) {
      return CompletableFuture.completedFuture(null);
    }
    return client.describeTimeToLive(b -> b.tableName(table)).thenCompose(d -> {
      TimeToLiveStatus status = d.timeToLiveDescription().timeToLiveStatus();
      if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
        return CompletableFuture.completedFuture(null);
      }
      return client.updateTimeToLive(b -> b.tableName(table)
          .timeToLiveSpecification(s -> s.attributeName(Items.EXPIRY).enabled(true))).thenApply(r -> (Void) null);
    }).exceptionally(t -> null);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
