package io.tilekv.store.dynamodb;

import io.tilekv.store.dynamodb.servers.ForwardingDynamoDb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A client that misbehaves the way DynamoDB does under load: a share of BatchGetItem and
 * BatchWriteItem calls fails with ProvisionedThroughputExceededException, and of the rest a share
 * of the keys (items) is held back and answered as UnprocessedKeys (UnprocessedItems) without being
 * sent. Each key is faulted at most {@code faultsPerKey} times: with fewer than the adapter's
 * attempts every call must end complete and correct, so a bug that loses a key cannot hide behind
 * bad luck.
 */
final class FaultyDynamoDb extends ForwardingDynamoDb {
  private final int faultsPerKey;
  private final java.util.concurrent.ConcurrentHashMap<Map<String, AttributeValue>, Integer> faults =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Random random;
  private final double throttleShare;
  private final double unprocessedShare;
  final AtomicInteger throttled = new AtomicInteger();
  final AtomicInteger heldBack = new AtomicInteger();
  final AtomicInteger batchGets = new AtomicInteger();
  final AtomicInteger batchWrites = new AtomicInteger();

  FaultyDynamoDb(DynamoDbAsyncClient real, long seed, double throttleShare, double unprocessedShare,
      int faultsPerKey) {
    super(real);
    this.faultsPerKey = faultsPerKey;
    this.random = new Random(seed);
    this.throttleShare = throttleShare;
    this.unprocessedShare = unprocessedShare;
  }

  private synchronized boolean chance(double share) {
    return random.nextDouble() < share;
  }

  /** Faults {@code key} if it has budget left and the dice say so. */
  private boolean fault(Map<String, AttributeValue> key, double share) {
    return chance(share) && faults.merge(key, 1, Integer::sum) <= faultsPerKey;
  }

  /** Throttles a batch only if every key in it may still be faulted. */
  private synchronized boolean throttleAll(List<Map<String, AttributeValue>> keys) {
    if (!chance(throttleShare) || keys.stream().anyMatch(k -> faults.getOrDefault(k, 0) >= faultsPerKey)) {
      return false;
    }
    keys.forEach(k -> faults.merge(k, 1, Integer::sum));
    return true;
  }

  private <T> CompletableFuture<T> throttle() {
    throttled.incrementAndGet();
    return CompletableFuture.failedFuture(ProvisionedThroughputExceededException.builder().statusCode(400)
        .message("injected throttling").awsErrorDetails(AwsErrorDetails.builder()
            .errorCode("ProvisionedThroughputExceededException").errorMessage("injected").build()).build());
  }

  @Override
  public CompletableFuture<BatchGetItemResponse> batchGetItem(BatchGetItemRequest request) {
    batchGets.incrementAndGet();
    if (throttleAll(request.requestItems().values().stream().flatMap(ka -> ka.keys().stream()).toList())) {
      return throttle();
    }
    Map<String, KeysAndAttributes> send = new HashMap<>();
    Map<String, KeysAndAttributes> held = new HashMap<>();
    request.requestItems().forEach((table, ka) -> {
      List<Map<String, AttributeValue>> keep = new ArrayList<>();
      List<Map<String, AttributeValue>> hold = new ArrayList<>();
      for (Map<String, AttributeValue> k : ka.keys()) {
        (fault(k, unprocessedShare) ? hold : keep).add(k);
      }
      heldBack.addAndGet(hold.size());
      if (!keep.isEmpty()) {
        send.put(table, ka.toBuilder().keys(keep).build());
      }
      if (!hold.isEmpty()) {
        held.put(table, ka.toBuilder().keys(hold).build());
      }
    });
    CompletableFuture<BatchGetItemResponse> sent = send.isEmpty()
        ? CompletableFuture.completedFuture(BatchGetItemResponse.builder().responses(Map.of()).build())
        : real.batchGetItem(request.toBuilder().requestItems(send).build());
    return sent.thenApply(r -> {
      Map<String, KeysAndAttributes> unprocessed = new HashMap<>(r.unprocessedKeys());
      held.forEach((table, ka) -> unprocessed.merge(table, ka, (a, b) -> a.toBuilder()
          .keys(concat(a.keys(), b.keys())).build()));
      return r.toBuilder().unprocessedKeys(unprocessed).build();
    });
  }

  @Override
  public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
    batchWrites.incrementAndGet();
    if (throttleAll(request.requestItems().values().stream().flatMap(List::stream)
        .map(w -> keyOf(w.putRequest().item())).toList())) {
      return throttle();
    }
    Map<String, List<WriteRequest>> send = new HashMap<>();
    Map<String, List<WriteRequest>> held = new HashMap<>();
    request.requestItems().forEach((table, writes) -> {
      List<WriteRequest> keep = new ArrayList<>();
      List<WriteRequest> hold = new ArrayList<>();
      for (WriteRequest w : writes) {
        (fault(keyOf(w.putRequest().item()), unprocessedShare) ? hold : keep).add(w);
      }
      heldBack.addAndGet(hold.size());
      if (!keep.isEmpty()) {
        send.put(table, keep);
      }
      if (!hold.isEmpty()) {
        held.put(table, hold);
      }
    });
    CompletableFuture<BatchWriteItemResponse> sent = send.isEmpty()
        ? CompletableFuture.completedFuture(BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build())
        : real.batchWriteItem(request.toBuilder().requestItems(send).build());
    return sent.thenApply(r -> {
      Map<String, List<WriteRequest>> unprocessed = new HashMap<>(r.unprocessedItems());
      held.forEach((table, w) -> unprocessed.merge(table, w, FaultyDynamoDb::concat));
      return r.toBuilder().unprocessedItems(unprocessed).build();
    });
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
