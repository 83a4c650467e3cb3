package io.tilekv.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.internal.DynamoDbKVStore;
import io.tilekv.store.dynamodb.internal.DynamoDbSettings;
import io.tilekv.store.dynamodb.servers.Dynalite;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Throttling and unprocessed keys/items on a share of batch calls lose nothing and change no answer. */
@ExtendWith(Dynalite.class)
class DynamoDbFaultTest {
  private static final String DATASET = "faults_" + Long.toString(System.nanoTime(), 36);

  private static DynamoDbKVStore open(FaultyDynamoDb[] faulty, long seed, double throttle, double unprocessed,
      int faultsPerKey) {
    Map<String, String> options = new HashMap<>(Dynalite.options(Dynalite.uri()));
    options.put("timeout", "20s");
    DynamoDbSettings settings = DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
    return DynamoDbKVStore.open(settings, c -> faulty[0] = new FaultyDynamoDb(c, seed, throttle, unprocessed, faultsPerKey),
        Clock.systemUTC());
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  @Test
  void everyEntryIsWrittenAndReadBackDespiteThrottlingAndUnprocessedBatches() throws Exception {
    FaultyDynamoDb[] faulty = new FaultyDynamoDb[1];
    try (KVStore store = open(faulty, 42, 0.15, 0.3, 3)) {
      await(store.createDataset(DATASET));
      Random random = new Random(7);
      Map<Key, byte[]> expected = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < 1_500; i++) {
        // Few partitions and repeated keys: duplicates in one call, last write wins.
        Key k = Key.of(("entity-" + random.nextInt(40)).getBytes(StandardCharsets.UTF_8), random.nextInt(60) - 30);
        byte[] v = new byte[random.nextInt(64)];
        random.nextBytes(v);
        entries.add(Entry.of(k, v));
        expected.put(k, v);
      }
      // Calls in sequence: a later call overwrites an earlier one's keys (concurrent calls have no order).
      for (int from = 0; from < entries.size(); from += 500) {
        await(store.multiPut(DATASET, entries.subList(from, Math.min(entries.size(), from + 500))));
      }

      List<Key> request = new ArrayList<>(expected.keySet());
      request.add(Key.of("never-written".getBytes(StandardCharsets.UTF_8), 1));
      request.add(request.get(3)); // a duplicate
      List<Optional<byte[]>> read = await(store.multiGet(DATASET, request));

      assertThat(read).hasSize(request.size());
      for (int i = 0; i < request.size(); i++) {
        byte[] want = expected.get(request.get(i));
        if (want == null) {
          assertThat(read.get(i)).as("never written: %s", request.get(i)).isEmpty();
        } else {
          assertThat(read.get(i)).as("value of %s", request.get(i)).hasValueSatisfying(v -> assertThat(v).isEqualTo(want));
        }
      }
      byte[] partition = "entity-5".getBytes(StandardCharsets.UTF_8);
      List<Entry> scanned = await(store.scan(DATASET, partition, Long.MIN_VALUE, Long.MAX_VALUE));
      assertThat(scanned).extracting(e -> e.key().sort()).isSorted()
          .containsExactlyElementsOf(expected.keySet().stream().filter(k -> k.hasPartition(partition))
              .map(Key::sort).sorted().toList());
      assertThat(faulty[0].throttled.get()).as("injected throttling errors").isPositive();
      assertThat(faulty[0].heldBack.get()).as("keys and items answered as unprocessed").isPositive();
    }
  }

  @Test
  void batchesThatStayUnprocessedFailTypedAndNameEveryEntry() throws Exception {
    FaultyDynamoDb[] faulty = new FaultyDynamoDb[1];
    try (KVStore store = open(faulty, 1, 0.0, 1.0, Integer.MAX_VALUE)) {
      await(store.createDataset(DATASET));
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        entries.add(Entry.of(Key.of(new byte[] {9}, i), new byte[] {(byte) i}));
      }
      AtomicReference<Throwable> putError = new AtomicReference<>();
      store.multiPut(DATASET, entries).handle((v, t) -> {
        putError.set(t);
        return null;
      }).get(60, TimeUnit.SECONDS);
      KVStoreException put = KVStoreException.unwrap(putError.get());
      assertThat(put).as("multiPut that DynamoDB never processes").isNotNull();
      assertThat(put.kind()).isEqualTo(Kind.THROTTLED);
      assertThat(put.failedKeys()).containsExactlyInAnyOrderElementsOf(entries.stream().map(Entry::key).toList());

      AtomicReference<Throwable> getError = new AtomicReference<>();
      store.multiGet(DATASET, List.of(entries.get(0).key())).handle((v, t) -> {
        getError.set(t);
        return null;
      }).get(60, TimeUnit.SECONDS);
      assertThat(KVStoreException.unwrap(getError.get())).as("a key never processed is an error, not absent")
          .isNotNull().extracting(KVStoreException::kind).isEqualTo(Kind.THROTTLED);
    }
  }
}
