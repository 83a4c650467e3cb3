package io.tilekv.store.dynamodb.servers;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Key;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

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

  /** The adapter's key layout (a layout byte before the partition; the sort key as a number). */
  private static Map<String, AttributeValue> stored(Key k) {
    byte[] p = new byte[k.partitionLength() + 1];
    p[0] = 1;
    k.copyPartitionTo(p, 1);
    return Map.of("p", AttributeValue.fromB(SdkBytes.fromByteArray(p)), "s", AttributeValue.fromN(Long.toString(k.sort())));
  }

  @Override
  public void failReads(String dataset, Key key) {
    reads.add(List.of(tablePrefix + dataset, stored(key)));
  }

  @Override
  public void failWrites(String dataset, Key key) {
    writes.add(List.of(tablePrefix + dataset, stored(key)));
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
    return new DynamoDbAsyncClient() {
      @Override
      public CompletableFuture<BatchGetItemResponse> batchGetItem(BatchGetItemRequest r) {
        boolean faulted = r.requestItems().entrySet().stream().anyMatch(e -> e.getValue().keys().stream()
            .anyMatch(k -> reads.contains(List.of(e.getKey(), k))));
        return faulted ? fail("read") : real.batchGetItem(r);
      }

      @Override
      public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest r) {
        boolean faulted = r.requestItems().entrySet().stream().anyMatch(e -> e.getValue().stream()
            .anyMatch(w -> writes.contains(List.of(e.getKey(),
                Map.of("p", w.putRequest().item().get("p"), "s", w.putRequest().item().get("s"))))));
        return faulted ? fail("write") : real.batchWriteItem(r);
      }

      @Override
      public CompletableFuture<QueryResponse> query(QueryRequest r) {
        return real.query(r);
      }

      @Override
      public CompletableFuture<CreateTableResponse> createTable(CreateTableRequest r) {
        return real.createTable(r);
      }

      @Override
      public CompletableFuture<DescribeTableResponse> describeTable(DescribeTableRequest r) {
        return real.describeTable(r);
      }

      @Override
      public CompletableFuture<DescribeTimeToLiveResponse> describeTimeToLive(DescribeTimeToLiveRequest r) {
        return real.describeTimeToLive(r);
      }

      @Override
      public CompletableFuture<UpdateTimeToLiveResponse> updateTimeToLive(UpdateTimeToLiveRequest r) {
        return real.updateTimeToLive(r);
      }

      @Override
      public String serviceName() {
        return real.serviceName();
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }
}
