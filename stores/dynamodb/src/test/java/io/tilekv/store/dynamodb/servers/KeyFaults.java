package io.tilekv.store.dynamodb.servers;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The kit's fault injection for DynamoDB: wrappers of the store's SDK client that fail every
 * BatchGetItem (BatchWriteItem) touching a faulted key with a server error, as a failed partition
 * would. One instance is shared by all clients of a fixture.
 */
final class KeyFaults implements StoreFixture.Faults {
  private final String tablePrefix;
  private final Set<List<Object>> reads = ConcurrentHashMap.newKeySet();
  private final Set<List<Object>> writes = ConcurrentHashMap.newKeySet();

  KeyFaults(String tablePrefix) {
    this.tablePrefix = tablePrefix;
  }

  @Override
  public void failReads(String dataset, Key key) {
    reads.add(List.of(tablePrefix + dataset, ForwardingDynamoDb.storedKey(key)));
  }

  @Override
  public void failWrites(String dataset, Key key) {
    writes.add(List.of(tablePrefix + dataset, ForwardingDynamoDb.storedKey(key)));
  }

  @Override
  public void heal() {
    reads.clear();
    writes.clear();
  }

  private static <T> CompletableFuture<T> fail(String what) {
    return CompletableFuture.failedFuture(DynamoDbException.builder().statusCode(400).message("injected " + what + " fault")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InjectedFault").errorMessage("injected").build()).build());
  }

  DynamoDbAsyncClient wrap(DynamoDbAsyncClient real) {
    return new ForwardingDynamoDb(real) {
      @Override
      public CompletableFuture<BatchGetItemResponse> batchGetItem(BatchGetItemRequest r) {
        boolean faulted = r.requestItems().entrySet().stream().anyMatch(e -> e.getValue().keys().stream()
            .anyMatch(k -> reads.contains(List.of(e.getKey(), k))));
        return faulted ? fail("read") : real.batchGetItem(r);
      }

      @Override
      public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest r) {
        boolean faulted = r.requestItems().entrySet().stream().anyMatch(e -> e.getValue().stream()
            .anyMatch(w -> writes.contains(List.of(e.getKey(), keyOf(w.putRequest().item())))));
        return faulted ? fail("write") : real.batchWriteItem(r);
      }
    };
  }
}
