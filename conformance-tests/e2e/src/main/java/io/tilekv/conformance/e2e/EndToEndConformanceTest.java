package io.tilekv.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.ReadStrategy;
import io.tilekv.spi.Capability;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.KVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import io.tilekv.writer.WriterSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end-to-end part of the conformance kit: the real Flink writer (on a local MiniCluster)
 * writes tiles into the store under test, the real fetcher reads them back, and every feature at
 * many query times must equal the brute-force oracle computed from the raw events (exact
 * operations exactly, sketches within their bounds). A store module extends this class in its tests
 * and supplies {@link #fixture()}, as for {@link io.tilekv.conformance.KVStoreContractTest}.
 *
 * <p>Inputs are seeded: GroupBys covering every aggregation, windows from 1h to 30d, default and
 * explicit layers, compound keys, a hot key, shuffled (out-of-order) and days-late events, and
 * malformed lines. Capability-aware: range-scan reads are compared too when the store declares
 * {@link Capability#RANGE_SCAN}, and expiry is checked only when it declares {@link Capability#TTL}.
 * Runs in about a minute against an embedded store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndConformanceTest {
  private static final long DAY = 86_400_000L;
  /** A Monday, 00:00 UTC: tile boundaries of every layer line up. */
  private static final long START = 1_704_067_200_000L;

  private StoreFixture fixture;
  private KVStore store;
  private Path dir;

  /** How to open clients of the store under test. Called once per class. */
  protected abstract StoreFixture fixture();

  @BeforeAll
  final void openStore() throws Exception {
    fixture = Objects.requireNonNull(fixture(), "fixture() returned null");
    store = Objects.requireNonNull(fixture.open(), "fixture.open() returned null");
    dir = Files.createTempDirectory("tilekv-e2e");
  }

  @AfterAll
  final void closeStore() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
      if (dir != null) {
        Files.deleteIfExists(dir);
      }
    }
  }

  @Test
  void everyAggregationOverWindowsFromOneHourToThirtyDaysEqualsTheOracle() throws Exception {
    Scenario s = Scenario.generate(GroupBys.everyAggregation(), 11, 4_000, 12, START, 40 * DAY, 6);

    WriterSummary summary = s.write(store, dir, 2);

    assertThat(summary.eventsRead()).isEqualTo(s.lines.size());
    assertThat(summary.malformed()).as("malformed lines are set aside, not fatal")
        .isEqualTo(s.lines.size() - s.rows.size()).isPositive();
    assertThat(summary.late()).as("a bounded (backfill) run counts late events").isZero();
    assertMatchesTheOracle(s);
  }

  static Stream<Arguments> layerings() {
    return Stream.of(
        Arguments.of("5m tiles only, compound key", (Supplier<GroupBy>) GroupBys::singleLayer),
        Arguments.of("1m, 5m, 1h and 1d tiles", (Supplier<GroupBy>) GroupBys::fineLayers));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerings")
  void explicitLayersEqualTheOracle(String layers, Supplier<GroupBy> groupBy) throws Exception {
    Scenario s = Scenario.generate(groupBy.get(), 23, 2_000, 8, START, 3 * DAY, 6);

    s.write(store, dir, 2);

    assertMatchesTheOracle(s);
  }

  @Test
  void streamingDropsAndCountsLateEventsAndServesEveryOtherEvent() throws Exception {
    Scenario s = Scenario.generate(GroupBys.singleLayer(), 37, 2_000, 6, START, 3 * DAY, 5);

    Scenario.Streamed run = s.writeStreaming(store);

    assertThat(run.late()).as("events two days behind the watermark are late").isNotEmpty();
    assertThat(run.summary().late()).as("late events counted").isEqualTo(run.late().size());
    assertThat(run.summary().malformed()).isEqualTo(s.lines.size() - s.rows.size());
    assertMatchesTheOracle(s.without(run.late()));
  }

  @Test
  void writingTheSameInputTwiceLeavesTheSameAnswers() throws Exception {
    Scenario s = Scenario.generate(GroupBys.singleLayer(), 31, 1_500, 6, START, 2 * DAY, 5);
    s.write(store, dir, 2);
    Map<String, FetchResponse> first = s.fetchAll(store, ReadStrategy.MULTI_GET);

    s.write(store, dir, 1);

    assertThat(s.fetchAll(store, ReadStrategy.MULTI_GET)).as("answers after the replay")
        .isEqualTo(first);
    assertMatchesTheOracle(s);
  }

  @Test
  void storeFaultsDuringTheWriteStillEndInTheOracleAnswers() throws Exception {
    Scenario s = Scenario.generate(GroupBys.everyAggregation(), 47, 2_000, 10, START, 10 * DAY, 5);
    FlakyStore flaky = new FlakyStore(store, 47, 0.2, 0.1, 50);

    s.write(flaky, dir, 2);

    assertThat(flaky.failedCalls()).as("injected write failures").isPositive();
    assertMatchesTheOracle(s);
  }

  @Test
  void tilesExpireOnceTheirWindowsHavePassed() throws Exception {
    assumeTrue(store.capabilities().supports(Capability.TTL), "the store does not declare TTL");
    GroupBy g = GroupBys.shortLived();
    Scenario s = Scenario.generate(g, 59, 400, 4, START, 60_000, 3);
    s.write(store, dir, 1);
    long q = s.end + 1;
    assertMatchesTheOracle(s);

    fixture.time().advance(Duration.ofMillis(g.tileTtl(g.layers().get(0)))
        .plus(store.capabilities().ttlResolution()));

    Map<String, FetchResponse> after = s.fetchAll(store, ReadStrategy.MULTI_GET);
    List<String> problems = new ArrayList<>();
    for (EntityKey k : s.keys) {
      FetchResponse r = after.get(k + " at " + q);
      Map<String, Object> nothing = BruteForceOracle.featuresAsStored(g, List.of(), k, q);
      for (String m : FeatureComparator.mismatches(g, nothing, r.features())) {
        problems.add(k + ": " + m);
      }
    }
    assertThat(problems).as("features once every tile has expired: as if nothing had happened")
        .isEmpty();
  }

  private void assertMatchesTheOracle(Scenario s) {
    assertThat(s.mismatches(store, ReadStrategy.MULTI_GET))
        .as("features read with multiGet that differ from the oracle").isEmpty();
    if (store.capabilities().supports(Capability.RANGE_SCAN)) {
      assertThat(s.mismatches(store, ReadStrategy.COST_BASED))
          .as("features read with range scans that differ from the oracle").isEmpty();
    }
  }
}
