package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Entry;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Bad tiles and failing stores are errors of exactly the affected features, never silent values. */
class FetcherErrorsTest {
  private final GroupBy g = Purchases.groupBy();
  private final List<Row> events = Purchases.events(g, 3, 1_500, 2, T0, 8 * DAY);
  /** Mid-day, so the 7d window needs 1d tiles and the 1h and 1d windows do not. */
  private final long q = T0 + 8 * DAY + 14 * HOUR + 34 * 60_000L;
  private final byte[] u0 = EntityKey.of("u0").bytes();

  private final MemoryKVStore memory = new MemoryKVStore();

  private List<String> featuresWithWindow(String window) {
    return g.featureNames().stream().filter(n -> n.endsWith("_" + window)).collect(Collectors.toList());
  }

  private List<String> failing(String... windows) {
    return java.util.Arrays.stream(windows).flatMap(w -> featuresWithWindow(w).stream()).collect(Collectors.toList());
  }

  private FetchResponse fetchU0(CountingStore store) {
    Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled()).build();
    return fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q)).join();
  }

  private void assertOthersMatchOracle(FetchResponse r) {
    Map<String, Object> expected = BruteForceOracle.features(g, events, EntityKey.of("u0"), q);
    // The comparator checks every feature; keep only what it says about the answered ones.
    List<String> mismatches = FeatureComparator.mismatches(g, expected, r.features()).stream()
        .filter(m -> r.features().containsKey(m.substring(0, m.indexOf(':'))))
        .collect(Collectors.toList());
    assertThat(r.features()).isNotEmpty();
    assertThat(mismatches).isEmpty();
  }

  @Test
  void anUndecodableTileIsAnErrorForTheWindowsThatNeedItAndTheOtherFeaturesStillAnswer() {
    new TestTiles(g, memory).write(events);
    long dayTile = T0 + 3 * DAY; // needed by the 7d window only
    memory.multiPut(g.dataset(), List.of(Entry.of(TileKeys.key(u0, DAY, dayTile), new byte[] {42, 1, 2}))).join();

    FetchResponse r = fetchU0(new CountingStore(memory));

    assertThat(r.errors().keySet()).containsExactlyInAnyOrderElementsOf(featuresWithWindow("7d"));
    assertThat(r.errors().values()).allSatisfy(why -> assertThat(why)
        .contains("1d@2024-01-18T00:00:00Z").contains("cannot be decoded"));
    assertThat(r.features().keySet()).doesNotContainAnyElementsOf(featuresWithWindow("7d"))
        .containsAll(featuresWithWindow("1h")).containsAll(featuresWithWindow("1d"));
    assertOthersMatchOracle(r);
  }

  @Test
  void aWindowMixingACpcTileOfTheOldFormatWithHllTilesIsAnErrorOfThatWindowOnly() throws Exception {
    GroupBy u = GroupBy.parseYaml("""
        name: visits
        schema: {user: string, ts: long, page: long}
        keys: [user]
        timestamp: ts
        layers: [5m, 1h, 1d]
        aggregations:
          - {input: page, op: APPROX_UNIQUE_COUNT, windows: [1h, 7d]}
        """);
    List<Row> rows = new java.util.ArrayList<>();
    for (long ts = T0; ts < q; ts += 60_000) {
      rows.add(u.row("u0", ts, ts / 60_000));
    }
    new TestTiles(u, memory).write(rows);
    // A day tile as TileKV wrote it before HLL: format 1, the unique count a CPC sketch.
    org.apache.datasketches.cpc.CpcSketch cpc = new org.apache.datasketches.cpc.CpcSketch(12);
    for (long v = 0; v < 1440; v++) {
      cpc.update(v);
    }
    byte[] sketch = cpc.toByteArray();
    java.io.ByteArrayOutputStream ir = new java.io.ByteArrayOutputStream();
    writeVarint(ir, sketch.length);
    ir.write(sketch);
    java.io.ByteArrayOutputStream tile = new java.io.ByteArrayOutputStream();
    tile.write(1);
    tile.write(java.nio.ByteBuffer.allocate(8).putLong(u.fingerprint()).array());
    writeVarint(tile, ir.size());
    ir.writeTo(tile);
    memory.multiPut(u.dataset(), List.of(Entry.of(TileKeys.key(u0, DAY, T0 + 3 * DAY), tile.toByteArray()))).join();

    FetchResponse r = Fetcher.builder().store(memory).groupBys(u).cache(CacheOptions.disabled()).build()
        .fetch(FetchRequest.ofValues("visits", "u0").at(q)).join();

    assertThat(r.errors()).containsOnlyKeys("page_approx_unique_count_7d");
    assertThat(r.errors().get("page_approx_unique_count_7d")).contains("rewrite the older tiles");
    // 13:30 to 14:34 (a 1h window hops by the smallest layer), one value a minute.
    assertThat(r.features()).containsEntry("page_approx_unique_count_1h", 64L);
  }

  private static void writeVarint(java.io.ByteArrayOutputStream out, int n) {
    while ((n & ~0x7f) != 0) {
      out.write((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write(n);
  }

  @Test
  void aTileWrittenForADifferentGroupByIsAnErrorNotAMisreadValue() {
    new TestTiles(g, memory).write(events);
    GroupBy changed = GroupBy.parseYaml(Purchases.YAML.replace("op: MAX", "op: MIN"));
    byte[] foreign = new TileCodec(changed).encode(new io.tilekv.tiling.GroupByAggregator(changed).init());
    long today = T0 + 8 * DAY; // the head 1d tile, which the 1d and 7d windows both end with
    memory.multiPut(g.dataset(), List.of(Entry.of(TileKeys.key(u0, DAY, today), foreign))).join();

    FetchResponse r = fetchU0(new CountingStore(memory));

    assertThat(r.errors().keySet()).containsExactlyInAnyOrderElementsOf(failing("1d", "7d"));
    assertThat(r.errors().values()).allSatisfy(why -> assertThat(why).contains("cannot be decoded"));
    assertOthersMatchOracle(r);
  }

  @Test
  void aFailingStoreCallIsAnErrorForTheFeaturesOfItsTilesAndTheOthersStillAnswer() {
    new TestTiles(g, memory).write(events);
    // One key per call, so that only the calls for 1d tiles fail.
    CountingStore store = CountingStore.withGetBatch(memory, 1);
    store.failReadsOf(k -> TileKeys.tileSize(k) == DAY);

    FetchResponse r = fetchU0(store);

    assertThat(r.errors().keySet()).containsExactlyInAnyOrderElementsOf(failing("1d", "7d"));
    assertThat(r.features().keySet()).containsExactlyInAnyOrderElementsOf(failing("1h", "6h"));
    assertThat(r.errors().values()).allSatisfy(why -> assertThat(why)
        .contains("UNAVAILABLE").contains("injected outage").contains("memory"));
    assertOthersMatchOracle(r);
  }

  @Test
  void aStoreThatIsDownMakesEveryFeatureAnErrorAndTheFutureStillCompletes() {
    CountingStore store = new CountingStore(memory);
    store.failReadsOf(k -> true);

    FetchResponse r = fetchU0(store);

    assertThat(r.features()).isEmpty();
    assertThat(r.errors().keySet()).containsExactlyElementsOf(g.featureNames());
    assertThat(r.toJson()).contains("\"errors\":{\"amount_count_1h\":\"tile ");
  }

  @Test
  void aClosedStoreIsReportedAsAnError() {
    CountingStore store = new CountingStore(memory);
    memory.close();

    FetchResponse r = fetchU0(store);

    assertThat(r.errors()).hasSize(g.featureNames().size());
    assertThat(r.errors().get("amount_count_1h")).contains("CLOSED");
  }

  @Test
  void anUnknownGroupByOrAMalformedKeyIsRejectedBeforeAnythingIsRead() {
    CountingStore store = new CountingStore(memory);
    Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).build();

    assertThatThrownBy(() -> fetcher.fetch(FetchRequest.ofValues("nope", "u0")))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope").hasMessageContaining("purchases");
    assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of("purchases", Map.of("customer", "u0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer");
    assertThatThrownBy(() -> fetcher.fetch(FetchRequest.ofValues("purchases", 17L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user").hasMessageContaining("String");
    assertThatThrownBy(() -> fetcher.fetch(FetchRequest.ofValues("purchases", "u0", "u1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[user]");
    assertThat(store.readCalls()).isZero();
  }
}
