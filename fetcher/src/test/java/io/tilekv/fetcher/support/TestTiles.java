package io.tilekv.fetcher.support;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal tile writer for tests, built only from tiling-core: keeps the IRs of every tile of
 * every layer, folds events in, and writes the tiles they touched (whole-tile overwrites, as the
 * Flink writer does). Not thread-safe.
 */
public final class TestTiles {
  private final GroupBy groupBy;
  private final GroupByAggregator aggregator;
  private final TileCodec codec;
  private final KVStore store;
  private final Map<Key, Object[]> tiles = new HashMap<>();

  public TestTiles(GroupBy groupBy, KVStore store) {
    this.groupBy = groupBy;
    this.aggregator = new GroupByAggregator(groupBy);
    this.codec = new TileCodec(groupBy);
    this.store = store;
    store.createDataset(groupBy.dataset()).join();
  }

  /** Folds {@code events} into their tiles and writes every tile they touched. */
  public void write(List<Row> events) {
    Set<Key> touched = new LinkedHashSet<>();
    for (Row row : events) {
      byte[] entity = groupBy.entityKey(row).bytes();
      for (long size : groupBy.layers()) {
        Key key = TileKeys.key(entity, size, Math.floorDiv(row.timestamp(), size) * size);
        tiles.put(key, aggregator.update(tiles.computeIfAbsent(key, k -> aggregator.init()), row));
        touched.add(key);
      }
    }
    List<Entry> entries = new ArrayList<>(touched.size());
    for (Key k : touched) {
      entries.add(Entry.of(k, codec.encode(tiles.get(k))));
    }
    store.multiPut(groupBy.dataset(), entries).join();
  }

  /** Number of tiles written so far. */
  public int tileCount() {
    return tiles.size();
  }
}
