package io.tilekv.store.dynamodb.servers;

import io.tilekv.spi.Key;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * An SDK client that hands every call the adapter makes to another one, for test clients that
 * change a few of them (inject faults, count calls). Also the adapter's key layout as such clients
 * meet it, written here independently of the adapter's own code so that tests check it.
 */
public abstract class ForwardingDynamoDb implements DynamoDbAsyncClient {
  protected final DynamoDbAsyncClient real;

  protected ForwardingDynamoDb(DynamoDbAsyncClient real) {
    this.real = real;
  }

  /** The primary key of {@code k} as stored: a layout byte before the partition, the sort key as a number. */
  public static Map<String, AttributeValue> storedKey(Key k) {
    byte[] p = new byte[k.partitionLength() + 1];
    p[0] = 1;
    k.copyPartitionTo(p, 1);
    return Map.of("p", AttributeValue.fromB(SdkBytes.fromByteArray(p)), "s", AttributeValue.fromN(Long.toString(k.sort())));
  }

  /** The primary key of a stored item. */
  public static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of("p", item.get("p"), "s", item.get("s"));
  }

  @Override
  public CompletableFuture<BatchGetItemResponse> batchGetItem(BatchGetItemRequest request) {
    return real.batchGetItem(request);
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    return real.batchWriteItem(request);
  }

  @Override
  public CompletableFuture<QueryResponse> query(QueryRequest request) {
    return real.query(request);
  }

  @Override
  public CompletableFuture<CreateTableResponse> createTable(CreateTableRequest request) {
    return real.createTable(request);
  }

  @Override
  public CompletableFuture<DescribeTableResponse> describeTable(DescribeTableRequest request) {
    return real.describeTable(request);
  }

  @Override
  public CompletableFuture<DescribeTimeToLiveResponse> describeTimeToLive(DescribeTimeToLiveRequest request) {
    return real.describeTimeToLive(request);
  }

  @Override
  public CompletableFuture<UpdateTimeToLiveResponse> updateTimeToLive(UpdateTimeToLiveRequest request) {
    return real.updateTimeToLive(request);
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {
    real.close();
  }
}
