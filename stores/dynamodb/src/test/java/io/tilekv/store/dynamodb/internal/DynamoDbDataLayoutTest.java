package io.tilekv.store.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.DynamoDbOptions;
import io.tilekv.store.dynamodb.servers.Dynalite;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** What the adapter stores, checked with a plain SDK client next to it. */
@ExtendWith(Dynalite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbDataLayoutTest {
  private static final String RUN = Long.toString(System.nanoTime(), 36);
  private DynamoDbSettings settings;
  private DynamoDbKVStore store;
  private DynamoDbAsyncClient raw;

  @BeforeAll
  void open() {
    Map<String, String> options = new HashMap<>(Dynalite.options(Dynalite.uri()));
    settings = DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
    store = DynamoDbKVStore.open(settings);
    raw = DynamoDbClients.build(settings);
  }

  @AfterAll
  void close() {
    store.close();
    raw.close();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static KVStoreException failure(CompletableFuture<?> f) throws Exception {
    Throwable[] t = new Throwable[1];
    f.handle((v, e) -> t[0] = e).get(30, TimeUnit.SECONDS);
    return KVStoreException.unwrap(t[0]);
  }

  @Test
  void aDatasetIsAnActiveTableKeyedByBinaryPartitionAndNumberSort() throws Exception {
    String dataset = "layout_" + RUN;
    await(store.createDataset(dataset));
    await(store.createDataset(dataset));

    var table = await(raw.describeTable(b -> b.tableName("tilekv_" + dataset))).table();
    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.keySchema()).extracting(k -> k.attributeName() + " " + k.keyType())
        .containsExactly("p HASH", "s RANGE");
    assertThat(table.attributeDefinitions()).extracting(a -> a.attributeName() + " " + a.attributeType())
        .containsExactlyInAnyOrder("p B", "s N");
  }

  @Test
  void sortKeysAreExactDecimalNumbersForEveryLong() throws Exception {
    String dataset = "sorts_" + RUN;
    await(store.createDataset(dataset));
    byte[] p = {1, 2, 3};
    List<Long> sorts = List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -(1L << 53) - 1, -1L, 0L, 1L, (1L << 53) + 1,
        Long.MAX_VALUE - 1, Long.MAX_VALUE);
    await(store.multiPut(dataset, sorts.stream().map(s -> Entry.of(Key.of(p, s), Long.toString(s).getBytes())).toList()));

    var item = await(raw.getItem(b -> b.tableName("tilekv_" + dataset)
        .key(Map.of("p", Items.partition(p), "s", AttributeValue.fromN(Long.toString(Long.MAX_VALUE)))))).item();
    assertThat(item.get("s").n()).isEqualTo("9223372036854775807");
    assertThat(item.get("p").b().asByteArray()).containsExactly(1, 1, 2, 3);
    assertThat(await(store.scan(dataset, p, Long.MIN_VALUE, Long.MAX_VALUE))).extracting(e -> e.key().sort())
        .containsExactlyElementsOf(sorts.subList(0, sorts.size() - 1));
    assertThat(await(store.multiGet(dataset, sorts.stream().map(s -> Key.of(p, s)).toList())))
        .extracting(v -> new String(v.orElseThrow())).containsExactlyElementsOf(sorts.stream().map(String::valueOf).toList());
  }

  @Test
  void expiryIsEpochSecondsAndAnExpiredItemDynamoDbStillHoldsIsNotReturned() throws Exception {
    String dataset = "expiry_" + RUN;
    await(store.createDataset(dataset));
    byte[] p = {7};
    long before = System.currentTimeMillis();
    await(store.multiPut(dataset, List.of(Entry.of(Key.of(p, 1), new byte[] {1}, Duration.ofHours(1)))));
    var stored = await(raw.getItem(b -> b.tableName("tilekv_" + dataset)
        .key(Map.of("p", Items.partition(p), "s", AttributeValue.fromN("1"))))).item();
    assertThat(Long.parseLong(stored.get("e").n())).isBetween(before / 1000 + 3600, System.currentTimeMillis() / 1000 + 3601);

    // DynamoDB deletes expired items days late: one it still holds must read as absent.
    await(raw.putItem(b -> b.tableName("tilekv_" + dataset).item(Map.of("p", Items.partition(p),
        "s", AttributeValue.fromN("2"), "v", Items.bytes(new byte[] {2}),
        "e", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 - 10))))));
    assertThat(await(store.multiGet(dataset, List.of(Key.of(p, 1), Key.of(p, 2)))))
        .extracting(Optional::isPresent).containsExactly(true, false);
    assertThat(await(store.scan(dataset, p, 0, 10))).extracting(e -> e.key().sort()).containsExactly(1L);
  }

  @Test
  void aDatasetNeverCreatedReadsEmptyAndRefusesWritesNamingTheTable() throws Exception {
    String dataset = "never_" + RUN;
    Key k = Key.of(new byte[] {1}, 1);

    assertThat(await(store.multiGet(dataset, List.of(k)))).containsExactly(Optional.empty());
    assertThat(await(store.scan(dataset, new byte[] {1}, 0, 10))).isEmpty();
    KVStoreException e = failure(store.multiPut(dataset, List.of(Entry.of(k, new byte[] {1}))));
    assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
    StringBuilder messages = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      messages.append(c.getMessage()).append('\n');
    }
    assertThat(messages).as("the error and its causes").contains("tilekv_" + dataset);
    assertThat(e.failedKeys()).containsExactly(k);
  }

  @Test
  void aValueOverTheItemLimitIsRefusedBeforeAnythingIsSent() throws Exception {
    String dataset = "large_" + RUN;
    await(store.createDataset(dataset));
    Key small = Key.of(new byte[] {1}, 1);
    Key large = Key.of(new byte[] {1}, 2);
    KVStoreException e = failure(store.multiPut(dataset, List.of(Entry.of(small, new byte[] {1}),
        Entry.of(large, new byte[DynamoDbKVStore.MAX_VALUE_BYTES + 1]))));
    assertThat(e.kind()).isEqualTo(Kind.VALUE_TOO_LARGE);
    assertThat(await(store.multiGet(dataset, List.of(small)))).containsExactly(Optional.empty());

    byte[] largest = new byte[DynamoDbKVStore.MAX_VALUE_BYTES];
    Key widest = Key.of(new byte[DynamoDbKVStore.MAX_PARTITION_BYTES], Long.MIN_VALUE);
    await(store.multiPut(dataset, List.of(Entry.of(widest, largest, Duration.ofDays(3650)))));
    assertThat(await(store.multiGet(dataset, List.of(widest))).get(0)).hasValueSatisfying(v -> assertThat(v).hasSize(largest.length));
  }

  @Test
  void ttlIsToleratedWhereTheServerDoesNotImplementIt() throws Exception {
    // dynalite answers UpdateTimeToLive/DescribeTimeToLive with UnknownOperationException.
    String dataset = "ttl_" + RUN;
    await(store.createDataset(dataset));
    assertThat(store.capabilities().ttlResolution()).isEqualTo(Duration.ofSeconds(1));
    assertThat(Items.expirySeconds(1_000, Duration.ofMillis(1))).isEqualTo(2);
    assertThat(Items.expirySeconds(1_000, Duration.ofSeconds(1))).isEqualTo(2);
    assertThat(Items.expirySeconds(1_001, Duration.ofSeconds(1))).isEqualTo(3);
    assertThat(Items.expirySeconds(0, Duration.ofDays(Long.MAX_VALUE / 86_400 / 2))).isPositive();
  }

  @Test
  void clockDecidesExpiry() throws Exception {
    Clock fixed = Clock.fixed(java.time.Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    try (DynamoDbKVStore future = DynamoDbKVStore.open(settings, c -> c, fixed)) {
      String dataset = "clock_" + RUN;
      await(store.createDataset(dataset));
      Key k = Key.of(new byte[] {3}, 3);
      await(store.multiPut(dataset, List.of(Entry.of(k, new byte[] {3}, Duration.ofDays(1)))));
      assertThat(await(store.multiGet(dataset, List.of(k)))).extracting(Optional::isPresent).containsExactly(true);
      assertThat(await(future.multiGet(dataset, List.of(k)))).containsExactly(Optional.empty());
    }
  }
}
