package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.fetcher.support.Purchases;
import io.tilekv.spi.EntityKey;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import io.tilekv.writer.TileWriterJob;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiles written by the real Flink writer (a bounded backfill) fetch to the oracle's values. */
class FlinkWrittenTilesTest {
  @TempDir
  Path dir;

  @Test
  void tilesOfAFlinkBackfillFetchToTheOracleValues() throws Exception {
    GroupBy g = Purchases.groupBy();
    List<Row> events = Purchases.events(g, 21, 1_500, 4, T0, 3 * DAY);
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (Row r : events) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int i = 0; i < g.schema().size(); i++) {
        o.put(g.schema().name(i), r.get(i));
      }
      lines.add(json.writeValueAsString(o));
    }
    Collections.shuffle(lines, new Random(5)); // a bounded run counts events in any order
    Path file = Files.write(dir.resolve("events.jsonl"), lines);
    MemoryKVStore store = new MemoryKVStore();
    SharedStores.register("fetcher-flink", store);
    try {
      WriterSummary summary = TileWriterJob.builder(g, FileEventSource.of(file.toUri().toString()),
          StoreFactory.shared("fetcher-flink")).build().run();
      assertThat(summary.eventsRead()).isEqualTo(events.size());

      Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled()).build();
      List<FetchRequest> requests = new ArrayList<>();
      for (long q = T0 + 3 * DAY; q < T0 + 10 * DAY; q += 7 * HOUR + 13 * 60_000L) {
        for (int u = 0; u < 4; u++) {
          requests.add(FetchRequest.ofValues("purchases", "u" + u).at(q));
        }
      }
      for (FetchResponse r : fetcher.fetch(requests).join()) {
        assertThat(r.errors()).isEmpty();
        Map<String, Object> expected = BruteForceOracle.features(g, events, EntityKey.of(r.key().get("user")), r.at());
        assertThat(FeatureComparator.mismatches(g, expected, r.features())).as("%s", r).isEmpty();
      }
    } finally {
      SharedStores.unregister("fetcher-flink");
    }
  }
}
