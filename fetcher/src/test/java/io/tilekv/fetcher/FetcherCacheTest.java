package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.MINUTE;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.MutableClock;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Entry;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Complete tiles come from the cache; open tiles always come from the store. */
class FetcherCacheTest {
  private final GroupBy g = Purchases.groupBy();
  private final long now = T0 + 8 * DAY + 14 * HOUR + 34 * MINUTE;
  private final List<Row> events = new ArrayList<>(Purchases.events(g, 5, 1_500, 2, T0, now - T0));
  private final MemoryKVStore memory = new MemoryKVStore();
  private final CountingStore store = new CountingStore(memory);
  private final TestTiles tiles = new TestTiles(g, store);
  private final MutableClock clock = new MutableClock(now);
  private final FetchRequest u0 = FetchRequest.ofValues("purchases", "u0");

  private Fetcher fetcher(CacheOptions cache) {
    return Fetcher.builder().store(store).groupBys(g).clock(clock).cache(cache).build();
  }

  private static CacheOptions lateness(Duration d) {
    return CacheOptions.builder().allowedLateness(d).build();
  }

  private long tilesEndingAfter(long t) {
    return TilePlanner.plan(g, now).tiles().stream().filter(r -> r.end() > t).count();
  }

  private FetchResponse fetchChecked(Fetcher fetcher) {
    FetchResponse r = fetcher.fetch(u0).join();
    assertThat(r.errors()).isEmpty();
    assertThat(FeatureComparator.mismatches(g,
        BruteForceOracle.features(g, events, EntityKey.of("u0"), r.at()), r.features())).isEmpty();
    return r;
  }

  @Test
  void aRepeatedFetchReadsOnlyTheIncompleteTilesFromTheStore() {
    tiles.write(events);
    Fetcher fetcher = fetcher(lateness(Duration.ZERO));
    int planned = TilePlanner.plan(g, now).tiles().size();

    fetchChecked(fetcher);
    assertThat(store.keysRequested()).isEqualTo(planned);
    store.resetCounts();
    fetchChecked(fetcher);

    long open = tilesEndingAfter(now);
    assertThat(open).isBetween(1L, (long) planned - 1);
    assertThat(store.keysRequested()).isEqualTo(open);
    assertThat(store.multiGetCalls()).isEqualTo(1);
    assertThat(fetcher.cacheStats().hits()).isEqualTo(planned - open);
    assertThat(fetcher.cacheStats().misses()).isEqualTo(planned - open);
  }

  @Test
  void tilesWithinTheAllowedLatenessAreNotCached() {
    tiles.write(events);
    Fetcher fetcher = fetcher(lateness(Duration.ofHours(1)));

    fetchChecked(fetcher);
    store.resetCounts();
    fetchChecked(fetcher);

    assertThat(store.keysRequested()).isEqualTo(tilesEndingAfter(now - HOUR)).isGreaterThan(tilesEndingAfter(now));
  }

  @Test
  void anIncompleteTileRewrittenInTheStoreIsSeenFreshOnTheNextFetch() {
    tiles.write(events);
    Fetcher fetcher = fetcher(lateness(Duration.ZERO));
    FetchResponse before = fetchChecked(fetcher);

    Row late = g.row("u0", now - 1, 10.0, 3L, "fresh");
    events.add(late);
    tiles.write(List.of(late));
    FetchResponse after = fetchChecked(fetcher);

    assertThat(after.value("amount_count_1h")).isEqualTo((Long) before.value("amount_count_1h") + 1);
    assertThat(after.value("item_last_1d")).isEqualTo("fresh");
  }

  @Test
  void aCompleteTileIsServedFromTheCacheUntilTheCacheIsInvalidated() {
    tiles.write(events);
    Fetcher fetcher = fetcher(lateness(Duration.ZERO));
    fetchChecked(fetcher);
    TileRef complete = TilePlanner.plan(g, now).tiles().stream().filter(t -> t.end() <= now).findFirst().orElseThrow();
    memory.multiPut(g.dataset(), List.of(Entry.of(
        TileKeys.key(EntityKey.of("u0").bytes(), complete.size(), complete.start()), new byte[] {7}))).join();

    fetchChecked(fetcher); // the garbage is never read: the tile comes from the cache
    fetcher.invalidateCache();
    FetchResponse r = fetcher.fetch(u0).join();

    assertThat(r.errors()).isNotEmpty();
    assertThat(r.errors().values()).allSatisfy(why -> assertThat(why).contains("cannot be decoded"));
  }

  @Test
  void mergingNeverModifiesCachedTiles() {
    tiles.write(events);
    Fetcher fetcher = fetcher(lateness(Duration.ZERO));
    FetchResponse first = fetchChecked(fetcher);
    List<FetchRequest> sharing = List.of(u0, u0.at(now - 2 * HOUR), u0, u0.at(now - DAY));
    for (int i = 0; i < 3; i++) {
      List<FetchResponse> batch = fetcher.fetch(sharing).join();
      assertSameAnswer(batch.get(0), first);
      assertSameAnswer(batch.get(2), first);
    }
    assertSameAnswer(fetchChecked(fetcher), first);
    assertThat(fetcher.cacheStats().hits()).isPositive();
  }

  /**
   * Exact features equal exactly; KLL merges are randomized, so percentiles only within the
   * sketch's bounds. A cached IR modified by a merge would double counts and sums.
   */
  private void assertSameAnswer(FetchResponse actual, FetchResponse expected) {
    assertThat(actual.errors()).isEmpty();
    assertThat(FeatureComparator.mismatches(g,
        BruteForceOracle.features(g, events, EntityKey.of("u0"), actual.at()), actual.features())).isEmpty();
    for (String name : g.featureNames()) {
      if (!name.contains("approx")) {
        assertThat(actual.features().get(name)).as(name).isEqualTo(expected.features().get(name));
      }
    }
  }

  @Test
  void missingCompleteTilesAreRememberedAsEmpty() {
    Fetcher fetcher = fetcher(lateness(Duration.ZERO));
    FetchResponse never = fetcher.fetch(FetchRequest.ofValues("purchases", "nobody")).join();
    store.resetCounts();
    fetcher.fetch(FetchRequest.ofValues("purchases", "nobody")).join();

    assertThat(never.errors()).isEmpty();
    assertThat(store.keysRequested()).isEqualTo(tilesEndingAfter(now));
  }

  @Test
  void theCacheStaysWithinItsBoundAndCountsEvictions() {
    tiles.write(events);
    Fetcher fetcher = fetcher(CacheOptions.builder().maxTiles(10).allowedLateness(Duration.ZERO).build());

    fetchChecked(fetcher);
    fetcher.fetch(FetchRequest.ofValues("purchases", "u1")).join();

    CacheStats stats = fetcher.cacheStats();
    assertThat(stats.tiles()).isLessThanOrEqualTo(10);
    assertThat(stats.evictions()).isPositive();
  }

  @Test
  void aDisabledCacheReadsEveryTileEveryTime() {
    tiles.write(events);
    Fetcher fetcher = fetcher(CacheOptions.disabled());
    fetchChecked(fetcher);
    store.resetCounts();
    fetchChecked(fetcher);

    assertThat(store.keysRequested()).isEqualTo(TilePlanner.plan(g, now).tiles().size());
    assertThat(fetcher.cacheStats()).isEqualTo(CacheStats.empty());
  }
}
