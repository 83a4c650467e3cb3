package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metrics, the decode executor and a changing registry: the fetcher's hooks for a service. */
class FetcherMetricsTest {
  private final GroupBy g = Purchases.groupBy();
  private final long q = T0 + 8 * DAY + 14 * HOUR;
  private final MemoryKVStore memory = new MemoryKVStore();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final ExecutorService decode = Executors.newFixedThreadPool(2, r -> new Thread(r, "decode-test"));

  @AfterEach
  void stop() {
    decode.shutdownNow();
  }

  private void writeTiles() {
    new TestTiles(g, memory).write(Purchases.events(g, 3, 1_000, 3, T0, 8 * DAY));
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).meters().stream()
        .mapToDouble(m -> m.measure().iterator().next().getValue()).sum();
  }

  @Test
  void aFetchRecordsLatencyRequestsFeaturesTilesAndCacheHits() {
    writeTiles();
    Fetcher fetcher = Fetcher.builder().store(memory).groupBys(g).meterRegistry(meters).build();
    List<FetchRequest> batch = List.of(FetchRequest.ofValues("purchases", "u0").at(q),
        FetchRequest.ofValues("purchases", "u1").at(q));

    fetcher.fetch(batch).join();
    fetcher.fetch(batch).join(); // every tile is complete (2024): all from the cache now

    assertThat(meters.get("tilekv.fetch.latency").timer().count()).isEqualTo(2);
    assertThat(count("tilekv.fetch.requests")).isEqualTo(4);
    assertThat(count("tilekv.fetch.features", "result", "value")).isEqualTo(4.0 * g.featureNames().size());
    var planned = meters.get("tilekv.fetch.tiles.planned").summary();
    var fromStore = meters.get("tilekv.fetch.tiles.store").summary();
    var fromCache = meters.get("tilekv.fetch.tiles.cache").summary();
    assertThat(planned.count()).isEqualTo(2);
    assertThat(fromStore.totalAmount()).isPositive();
    assertThat(fromCache.totalAmount()).isEqualTo(fromStore.totalAmount()); // second call = first call's reads
    assertThat(meters.get("tilekv.fetch.store.calls").summary().max()).isGreaterThanOrEqualTo(1);
    assertThat(meters.get("tilekv.store.latency").tags("op", "multiGet", "outcome", "ok").timer().count())
        .isPositive();
    System.gc(); // the cache meters must not depend on anything else keeping their source alive
    assertThat(meters.get("tilekv.fetch.cache.hit.ratio").gauge().value()).isEqualTo(0.5);
    assertThat(meters.get("tilekv.fetch.cache.hits").functionCounter().count()).isEqualTo(fromCache.totalAmount());
    assertThat(count("tilekv.fetch.tiles.missing")).isPositive(); // 3 users, not every 5m tile has events
  }

  @Test
  void aFailingStoreIsCountedAsStoreErrorsByKindAndFeatureErrorsByReason() {
    writeTiles();
    CountingStore store = new CountingStore(memory);
    store.failReadsOf(k -> TileKeys.tileSize(k) == DAY);
    Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled())
        .meterRegistry(meters).build();

    FetchResponse r = fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q)).join();

    assertThat(r.errors()).isNotEmpty();
    assertThat(count("tilekv.fetch.feature.errors", "reason", "store")).isEqualTo(r.errors().size());
    assertThat(count("tilekv.store.errors", "kind", "UNAVAILABLE")).isEqualTo(1);
    assertThat(count("tilekv.fetch.features", "result", "error")).isEqualTo(r.errors().size());
  }

  @Test
  void withAnExecutorTheAnswerIsCompletedOnItNotOnTheStoreThread() throws Exception {
    writeTiles();
    ExecutorService storeIo = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-io"));
    try {
      io.tilekv.spi.KVStore slow = new io.tilekv.spi.KVStore() {
        @Override
        public String name() {
          return "slow";
        }

        @Override
        public io.tilekv.spi.StoreCapabilities capabilities() {
          return memory.capabilities();
        }

        @Override
        public CompletableFuture<Void> createDataset(String dataset) {
          return memory.createDataset(dataset);
        }

        @Override
        public CompletableFuture<List<java.util.Optional<byte[]>>> multiGet(String dataset, List<io.tilekv.spi.Key> keys) {
          return CompletableFuture.supplyAsync(() -> memory.multiGet(dataset, keys).join(),
              CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS, storeIo));
        }

        @Override
        public CompletableFuture<Void> multiPut(String dataset, List<io.tilekv.spi.Entry> entries) {
          return memory.multiPut(dataset, entries);
        }

        @Override
        public void close() {}
      };
      Fetcher fetcher = Fetcher.builder().store(slow).groupBys(g).executor(decode).build();
      AtomicReference<String> thread = new AtomicReference<>();

      FetchResponse r = fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q))
          .whenComplete((x, t) -> thread.set(Thread.currentThread().getName())).get(5, TimeUnit.SECONDS);

      assertThat(r.complete()).isTrue();
      assertThat(thread.get()).isEqualTo("decode-test");
    } finally {
      storeIo.shutdownNow();
    }
  }

  @Test
  void aRegistrySourceThatChangesIsServedByTheSameFetcher() {
    writeTiles();
    GroupBy withNewWindow = GroupBy.parseYaml(Purchases.YAML.replace("windows: [1d]}", "windows: [1d, 12h]}"));
    AtomicReference<GroupByRegistry> current = new AtomicReference<>(GroupByRegistry.of(g));
    Fetcher fetcher = Fetcher.builder().store(memory).registrySource(current::get).build();

    FetchResponse before = fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q)).join();
    current.set(GroupByRegistry.of(withNewWindow));
    FetchResponse after = fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q)).join();

    assertThat(before.features()).doesNotContainKey("amount_max_12h");
    assertThat(after.complete()).isTrue();
    assertThat(after.features()).containsKey("amount_max_12h").containsAllEntriesOf(before.features());
  }
}
