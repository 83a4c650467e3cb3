package io.tilekv.conformance.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.conformance.bench.StoreBenchmark.Case;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreBenchmarkTest {
  private static final Duration CELL = Duration.ofMillis(50);

  @Test
  void printsARowPerCaseForOneEightAndSixtyFourCallersWithRoundTripsPerRequest() throws Exception {
    AtomicLong trips = new AtomicLong();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StoreBenchmark.run(new PrintStream(printed, true, StandardCharsets.UTF_8), CELL, "calls/req", List.of(
        new Case("batched", trips::get, r -> trips.incrementAndGet()),
        new Case("one call per key, longer name", trips::get, r -> trips.addAndGet(24))));

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1 + 3 * 2);
    assertThat(lines.get(0).split(" +")).containsExactly("case", "callers", "req/s", "p50", "ms", "p99", "ms", "calls/req");
    int row = 1;
    for (String callers : List.of("1", "8", "64")) {
      assertThat(lines.get(row++)).startsWith("batched ").matches(".* " + callers + " .* 1\\.0$");
      assertThat(lines.get(row++)).startsWith("one call per key, longer name ").matches(".* " + callers + " .* 24\\.0$");
    }
    assertThat(lines).extracting(String::length).as("columns line up").containsOnly(lines.get(0).length());
  }

  @Test
  void aFailedRequestEndsTheRunWithItsError() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StoreBenchmark.run(quiet, CELL, "calls/req", List.of(new Case("broken", () -> 0, r -> {
      throw new IllegalArgumentException("store said no");
    })))).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("store said no");
  }

  @Test
  void theSharedRequestIsOneEntitysTwentyFourTilesInThreePartitionsWithATtl() {
    List<Key> keys = StoreBenchmark.tileKeys(7);
    assertThat(keys).hasSize(24).doesNotHaveDuplicates();
    assertThat(keys.stream().map(k -> new String(k.partition(), StandardCharsets.ISO_8859_1)).distinct()).hasSize(3);
    assertThat(StoreBenchmark.tileKeys(8)).doesNotContainAnyElementsOf(keys);

    List<Entry> tiles = StoreBenchmark.tiles(7, new SplittableRandom(1));
    assertThat(tiles).extracting(Entry::key).containsExactlyElementsOf(keys);
    assertThat(tiles).allSatisfy(e -> {
      assertThat(e.valueLength()).isEqualTo(200);
      assertThat(e.ttl()).contains(StoreBenchmark.TTL);
    });
  }
}
