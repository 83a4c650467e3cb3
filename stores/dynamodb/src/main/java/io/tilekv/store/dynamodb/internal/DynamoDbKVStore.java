package io.tilekv.store.dynamodb.internal;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import io.tilekv.spi.support.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Tiles in DynamoDB: one table per dataset (see {@link Items} for the item layout and
 * {@link DynamoDbTables} for creating tables). Reads are one BatchGetItem per batch of at most 100
 * keys, writes one BatchWriteItem per batch of at most 25 entries; what DynamoDB leaves
 * unprocessed goes back to {@link AbstractKVStore}, which retries it with jittered backoff. Range
 * scans are Query calls on the sort key. Expired items are filtered out on every read, because
 * DynamoDB deletes them only eventually (often days later) and an emulator may never.
 */
public final class DynamoDbKVStore extends AbstractKVStore {
  /** BatchGetItem's limit. */
  public static final int MAX_GET_BATCH = 100;
  /** BatchWriteItem's limit. */
  public static final int MAX_PUT_BATCH = 25;
  /** Largest partition: DynamoDB allows 2048 bytes for a partition key; leave room. */
  public static final int MAX_PARTITION_BYTES = 1024;
  /**
   * Largest value: an item holds at most 400 KB (409,600 bytes) including attribute names, the
   * partition (at most {@value #MAX_PARTITION_BYTES}), the sort key and the expiry; this leaves
   * more than 8 KB for them.
   */
  public static final int MAX_VALUE_BYTES = 400_000;

  static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.RANGE_SCAN, Capability.TTL)
      .maxGetBatch(MAX_GET_BATCH)
      .maxPutBatch(MAX_PUT_BATCH)
      .maxValueBytes(MAX_VALUE_BYTES)
      .maxKeyBytes(MAX_PARTITION_BYTES)
      .ttlResolution(Duration.ofSeconds(1))
      .build();

  private final DynamoDbSettings settings;
  private final DynamoDbAsyncClient client;
  private final DynamoDbTables tables;
  private final Clock clock;

  private DynamoDbKVStore(DynamoDbSettings settings, DynamoDbAsyncClient client, Clock clock) {
    super(settings.storeName(), CAPABILITIES, AdapterSettings.of(settings.timeout())
        .withRetry(RetryPolicy.defaults()).withMaxBatchesInFlight(settings.maxBatchesInFlight()));
    this.settings = settings;
    this.client = client;
    this.clock = clock;
    this.tables = new DynamoDbTables(client, settings, settings.storeName());
  }

  /** Opens a store; does not connect (the first call does). */
  public static DynamoDbKVStore open(DynamoDbSettings settings) {
    return open(settings, c -> c, Clock.systemUTC());
  }

  /**
   * Opens a store whose client {@code wrap} may replace (tests inject faults), and whose expiry
   * follows {@code clock}.
   */
  public static DynamoDbKVStore open(DynamoDbSettings settings, UnaryOperator<DynamoDbAsyncClient> wrap,
      Clock clock) {
    return new DynamoDbKVStore(settings, wrap.apply(DynamoDbClients.build(settings)), clock);
  }

  /** The table that holds {@code dataset}. */
  public String table(String dataset) {
    return settings.tablePrefix() + dataset;
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    String table = table(dataset);
    List<Map<String, AttributeValue>> itemKeys = new ArrayList<>(keys.size());
    for (Key k : keys) {
      itemKeys.add(Items.key(k));
    }
    BatchGetItemRequest request = BatchGetItemRequest.builder()
        .requestItems(Map.of(table, KeysAndAttributes.builder().keys(itemKeys)
            .consistentRead(settings.consistentRead()).build()))
        .build();
    return client.batchGetItem(request).handle((response, t) -> {
      if (t != null) {
        // A dataset never created holds nothing, as with every other store; any other error fails.
        if (DynamoDbErrors.isMissingTable(t)) {
          return BatchRead.empty();
        }
        throw map("multiGet", table, t);
      }
      long now = clock.millis();
      Map<Key, byte[]> found = new HashMap<>(keys.size() * 2);
      for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
        if (Items.liveAt(item, now)) {
          found.put(Items.keyOf(item), Items.value(item));
        }
      }
      List<Key> unprocessed = new ArrayList<>();
      KeysAndAttributes left = response.unprocessedKeys().get(table);
      if (left != null) {
        for (Map<String, AttributeValue> k : left.keys()) {
          unprocessed.add(Items.keyOf(k));
        }
      }
      return BatchRead.of(found, unprocessed);
    });
  }

  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    String table = table(dataset);
    long now = clock.millis();
    Map<Key, Entry> byKey = new HashMap<>(entries.size() * 2);
    List<WriteRequest> writes = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      byKey.put(e.key(), e);
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Items.item(e, now)).build()).build());
    }
    BatchWriteItemRequest request = BatchWriteItemRequest.builder().requestItems(Map.of(table, writes)).build();
    return client.batchWriteItem(request).handle((response, t) -> {
      if (t != null) {
        throw map("multiPut", table, t);
      }
      List<WriteRequest> left = response.unprocessedItems().get(table);
      if (left == null || left.isEmpty()) {
        return List.of();
      }
      List<Entry> unprocessed = new ArrayList<>(left.size());
      for (WriteRequest w : left) {
        Entry e = byKey.get(Items.keyOf(w.putRequest().item()));
        if (e == null) {
          throw new IllegalStateException("DynamoDB reported an item unprocessed that was not in the batch");
        }
        unprocessed.add(e);
      }
      return unprocessed;
    });
  }

  @Override
  protected CompletableFuture<List<Entry>> scanPage(String dataset, byte[] partition, long fromInclusive,
      long toExclusive, int limit) {
    return query(table(dataset), partition, fromInclusive, toExclusive - 1, limit, null, new ArrayList<>());
  }

  /** Queries until {@code limit} live entries are found or the range is exhausted. */
  private CompletableFuture<List<Entry>> query(String table, byte[] partition, long from, long toInclusive,
      int limit, Map<String, AttributeValue> startKey, List<Entry> out) {
    QueryRequest.Builder q = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#p = :p AND #s BETWEEN :from AND :to")
        .expressionAttributeNames(Map.of("#p", Items.PARTITION, "#s", Items.SORT))
        .expressionAttributeValues(Map.of(":p", Items.partition(partition), ":from", Items.number(from),
            ":to", Items.number(toInclusive)))
        .consistentRead(settings.consistentRead())
        .limit(limit - out.size());
    if (startKey != null) {
      q.exclusiveStartKey(startKey);
    }
    return client.query(q.build()).handle((response, t) -> {
      if (t != null) {
        if (DynamoDbErrors.isMissingTable(t)) {
          return CompletableFuture.completedFuture(out);
        }
        throw map("scan", table, t);
      }
      long now = clock.millis();
      for (Map<String, AttributeValue> item : response.items()) {
        if (out.size() < limit && Items.liveAt(item, now)) {
          out.add(Entry.of(Items.keyOf(item), Items.value(item)));
        }
      }
      Map<String, AttributeValue> next = response.lastEvaluatedKey();
      if (out.size() >= limit || next == null || next.isEmpty()) {
        return CompletableFuture.completedFuture(out);
      }
      return query(table, partition, from, toInclusive, limit, next, out);
    }).thenCompose(f -> f);
  }

  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    return tables.create(table(dataset));
  }

  @Override
  protected void closeStore() {
    client.close();
  }

  @Override
  protected KVStoreException translate(String operation, Throwable error) {
    return map(operation, null, error);
  }

  private KVStoreException map(String operation, String table, Throwable t) {
    return DynamoDbErrors.map(name(), operation, table, t);
  }
}
