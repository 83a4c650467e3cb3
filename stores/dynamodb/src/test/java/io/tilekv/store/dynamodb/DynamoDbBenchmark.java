package io.tilekv.store.dynamodb;

import static io.tilekv.conformance.bench.StoreBenchmark.TTL;
import static io.tilekv.conformance.bench.StoreBenchmark.tileKeys;
import static io.tilekv.conformance.bench.StoreBenchmark.tiles;

import io.tilekv.conformance.bench.StoreBenchmark;
import io.tilekv.conformance.bench.StoreBenchmark.Case;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.internal.DynamoDbKVStore;
import io.tilekv.store.dynamodb.internal.DynamoDbSettings;
import io.tilekv.store.dynamodb.servers.Dynalite;
import io.tilekv.store.dynamodb.servers.ForwardingDynamoDb;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Throughput and latency of the adapter against a naive one-GetItem (PutItem) per key loop, on the
 * same server in the same run: multiGet of 24 tiles (12 x 5m, 11 x 1h, 1 x 1d of one entity:
 * three partitions) and multiPut of 24 such tiles with a TTL, at 1, 8 and 64 concurrent callers.
 * Round trips per request are counted at the client (BatchGetItem/BatchWriteItem calls, retries of
 * unprocessed keys included; the naive loop makes one per key by construction).
 *
 * <p>Run: {@code mvn -q -pl stores/dynamodb test-compile exec:java} (starts its own dynalite;
 * {@code -Dbench.seconds=N} sets the measuring time per cell, default 3).
 */
public final class DynamoDbBenchmark {
  private static final int ENTITIES = 500;
  private static final String DATASET = "bench_tiles";

  private DynamoDbBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration cell = Duration.ofSeconds(Integer.getInteger("bench.seconds", 3));
    try (Dynalite.Server server = Dynalite.start()) {
      System.out.printf(Locale.ROOT, "dynalite %s on port %d, listening after %d ms%n", Dynalite.VERSION,
          server.port(), server.startMillis());
      Map<String, String> options = Dynalite.options(server.uri());
      options.put("timeout", "60s");
      DynamoDbSettings settings = DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
      FaultyDynamoDb[] counted = new FaultyDynamoDb[1];
      try (DynamoDbKVStore store = DynamoDbKVStore.open(settings,
              c -> counted[0] = new FaultyDynamoDb(c, 0, 0.0, 0.0, 0), Clock.systemUTC());
          DynamoDbAsyncClient raw = DynamoDbAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
              .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .build()) {
        store.createDataset(DATASET).get();
        String table = store.table(DATASET);
        for (int e = 0; e < ENTITIES; e++) {
          store.multiPut(DATASET, tiles(e, new SplittableRandom(e))).get();
        }
        AtomicInteger gets = counted[0].batchGets;
        AtomicInteger writes = counted[0].batchWrites;
        AtomicInteger naive = new AtomicInteger();
        StoreBenchmark.run(cell, "calls/req", List.of(
            new Case("multiGet24 adapter", gets::get, r -> store.multiGet(DATASET, tileKeys(r.nextInt(ENTITIES))).get()),
            new Case("multiGet24 naive GetItem", naive::get, r -> {
              for (Key k : tileKeys(r.nextInt(ENTITIES))) {
                naive.incrementAndGet();
                raw.getItem(b -> b.tableName(table).key(ForwardingDynamoDb.storedKey(k))).get();
              }
            }),
            new Case("multiPut24 adapter", writes::get, r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get()),
            new Case("multiPut24 naive PutItem", naive::get, r -> {
              long exp = (System.currentTimeMillis() + TTL.toMillis()) / 1000 + 1;
              for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
                naive.incrementAndGet();
                Map<String, AttributeValue> item = new HashMap<>(ForwardingDynamoDb.storedKey(e.key()));
                item.put("v", AttributeValue.fromB(SdkBytes.fromByteArray(e.value())));
                item.put("e", AttributeValue.fromN(Long.toString(exp)));
                raw.putItem(b -> b.tableName(table).item(item)).get();
              }
            })));
      }
    }
    System.exit(0);
  }
}
