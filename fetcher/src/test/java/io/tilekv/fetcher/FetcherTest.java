package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.MutableClock;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetcherTest {
  private final GroupBy g = Purchases.groupBy();
  private final long now = T0 + 8 * DAY + 14 * HOUR + 34 * 60_000L;
  private final List<Row> events = Purchases.events(g, 9, 1_000, 6, T0, now - T0);
  private final MemoryKVStore memory = new MemoryKVStore();

  private Fetcher fetcher(CountingStore store) {
    return Fetcher.builder().store(store).groupBys(g).clock(new MutableClock(now))
        .cache(CacheOptions.disabled()).build();
  }

  private List<FetchRequest> requests(int users, int times) {
    List<FetchRequest> out = new ArrayList<>();
    for (int t = 0; t < times; t++) {
      for (int u = 0; u < users; u++) {
        out.add(FetchRequest.ofValues("purchases", "u" + u).at(now - t * 7 * HOUR));
      }
    }
    return out;
  }

  @Test
  void aBatchAboveTheStoreLimitTakesCeilOfTilesOverLimitStoreCalls() {
    new TestTiles(g, memory).write(events);
    CountingStore store = CountingStore.withGetBatch(memory, 25);
    List<FetchRequest> requests = requests(6, 3);
    List<FetchRequest> asText = new ArrayList<>();
    for (FetchRequest r : requests) {
      asText.add(FetchRequest.of("purchases", Map.of("user", (String) r.keyValues()[0])).at(r.at().getAsLong()));
    }
    long union = TileUnion.size(g, asText);

    fetcher(store).fetch(requests).join();

    assertThat(union).isGreaterThan(25 * 4);
    assertThat(store.keysRequested()).isEqualTo(union);
    assertThat(store.multiGetCalls()).isEqualTo((union + 24) / 25);
  }

  @Test
  void requestsOfOneKeyShareTheirTilesAndAreAnsweredInRequestOrder() {
    new TestTiles(g, memory).write(events);
    CountingStore store = new CountingStore(memory);
    FetchRequest a = FetchRequest.ofValues("purchases", "u1").at(now);
    FetchRequest b = FetchRequest.ofValues("purchases", "u2").at(now - HOUR);

    List<FetchResponse> responses = fetcher(store).fetch(List.of(a, b, a, a)).join();

    assertThat(responses).extracting(FetchResponse::at).containsExactly(now, now - HOUR, now, now);
    assertThat(responses.get(0)).isEqualTo(responses.get(2)).isEqualTo(responses.get(3));
    assertThat(store.multiGetCalls()).isEqualTo(1);
    assertThat(store.keysRequested()).isEqualTo(TileUnion.size(g, List.of(
        FetchRequest.of("purchases", Map.of("user", "u1")).at(now),
        FetchRequest.of("purchases", Map.of("user", "u2")).at(now - HOUR))));
  }

  @Test
  void aNeverSeenKeyAnswersTheEmptyValuesOfEveryOperation() {
    new TestTiles(g, memory).write(events);

    FetchResponse r = fetcher(new CountingStore(memory)).fetch(FetchRequest.ofValues("purchases", "stranger")).join();

    Map<String, Object> expected = new HashMap<>();
    for (String name : g.featureNames()) {
      expected.put(name, name.startsWith("amount_count_") || name.startsWith("item_unique_count_") ? 0L : null);
    }
    assertThat(r.errors()).isEmpty();
    assertThat(r.features()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(r.features()).isEqualTo(new GroupByAggregator(g).emptyFeatures());
    assertThat(r.features().keySet()).containsExactlyElementsOf(g.featureNames());
  }

  @Test
  void theQueryTimeDefaultsToTheClock() {
    FetchResponse r = fetcher(new CountingStore(memory)).fetch(FetchRequest.ofValues("purchases", "u0")).join();

    assertThat(r.at()).isEqualTo(now);
  }

  @Test
  void aKeyGivenAsTextAsTypedValuesOrEncodedGetsTheSameAnswer() {
    new TestTiles(g, memory).write(events);
    Fetcher fetcher = fetcher(new CountingStore(memory));

    List<FetchResponse> r = fetcher.fetch(List.of(
        FetchRequest.of("purchases", Map.of("user", "u3")),
        FetchRequest.ofValues("purchases", "u3"),
        FetchRequest.of("purchases", EntityKey.of("u3")))).join();

    assertThat(r.get(0)).isEqualTo(r.get(1)).isEqualTo(r.get(2));
    assertThat(r.get(0).key()).containsExactly(Map.entry("user", "u3"));
    assertThat((Long) r.get(0).value("amount_count_7d")).isPositive();
  }
}
