package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.MINUTE;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.MutableClock;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.Stores;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.KVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetched features equal the brute-force oracle over the raw events, on real stores. */
class FetcherOracleTest {
  private static final int USERS = 5;
  private final GroupBy g = Purchases.groupBy();

  @TempDir
  Path dir;

  /**
   * Online serving: events arrive in time order and their tiles are rewritten as they arrive, and
   * at each step "now" is fetched for every user with the cache on (so complete tiles come from the
   * cache and open ones from the store).
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void servingNowWhileTilesAreWrittenMatchesTheOracleAtEveryStep(String kind) {
    List<Row> events = Purchases.events(g, 42, 3_000, USERS, T0, 9 * DAY);
    try (KVStore real = Stores.open(kind, dir)) {
      CountingStore store = new CountingStore(real);
      MutableClock clock = new MutableClock(T0);
      Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).clock(clock)
          .cache(CacheOptions.builder().allowedLateness(Duration.ZERO).build()).build();
      TestTiles tiles = new TestTiles(g, store);
      int written = 0;
      int checked = 0;
      for (long q : servingTimes(7)) {
        int upTo = written;
        while (upTo < events.size() && events.get(upTo).timestamp() < q) {
          upTo++;
        }
        tiles.write(events.subList(written, upTo));
        written = upTo;
        clock.set(q);
        store.resetCounts();

        List<FetchResponse> responses = fetcher.fetch(allUsers(-1)).join();

        assertThat(store.multiGetCalls()).as("store calls at %d", q).isEqualTo(1);
        checked += assertMatchOracle(responses, events, q);
      }
      assertThat(checked).isGreaterThan(80 * USERS);
      assertThat(fetcher.cacheStats().hits()).isPositive();
    }
  }

  /**
   * History: every event is before every query time, and one call asks for many query times of
   * every user at once; the union of their tiles is read with one store call per batch limit.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void manyQueryTimesInOneCallMatchTheOracle(String kind) {
    List<Row> events = Purchases.events(g, 7, 2_000, USERS, T0, 3 * DAY);
    try (KVStore real = Stores.open(kind, dir)) {
      CountingStore store = new CountingStore(real);
      new TestTiles(g, store).write(events);
      Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled()).build();
      SplittableRandom random = new SplittableRandom(11);
      List<FetchRequest> requests = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        long q = T0 + 3 * DAY + (i % 4 == 0 ? (i / 4) * 5 * MINUTE : random.nextLong(8 * DAY));
        requests.addAll(allUsers(q));
      }
      store.resetCounts();

      List<FetchResponse> responses = fetcher.fetch(requests).join();

      long union = TileUnion.size(g, requests);
      assertThat(store.keysRequested()).isEqualTo(union);
      assertThat(store.multiGetCalls()).isEqualTo((union + 999) / 1000);
      for (FetchResponse r : responses) {
        assertMatchesOracle(r, events);
      }
    }
  }

  /** Random increasing times over 8 days, including exact tile and day boundaries. */
  private static List<Long> servingTimes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Long> times = new ArrayList<>();
    long q = T0 + 30 * MINUTE;
    while (q < T0 + 9 * DAY) {
      times.add(q);
      long step = random.nextLong(2 * HOUR);
      q = random.nextInt(5) == 0 ? (q / HOUR + 1) * HOUR : q + step;
      if (random.nextInt(10) == 0) {
        q = (q / DAY + 1) * DAY;
      }
    }
    return times;
  }

  private static List<FetchRequest> allUsers(long at) {
    List<FetchRequest> out = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      FetchRequest r = FetchRequest.of("purchases", Map.of("user", "u" + u));
      out.add(at < 0 ? r : r.at(at));
    }
    return out;
  }

  private int assertMatchOracle(List<FetchResponse> responses, List<Row> events, long q) {
    for (FetchResponse r : responses) {
      assertThat(r.at()).isEqualTo(q);
      assertMatchesOracle(r, events);
    }
    return responses.size();
  }

  private void assertMatchesOracle(FetchResponse r, List<Row> events) {
    EntityKey key = EntityKey.of(r.key().get("user"));
    Map<String, Object> expected = BruteForceOracle.features(g, events, key, r.at());
    assertThat(r.errors()).as("errors of %s", r).isEmpty();
    assertThat(FeatureComparator.mismatches(g, expected, r.features())).as("%s at %d", key, r.at()).isEmpty();
  }
}
