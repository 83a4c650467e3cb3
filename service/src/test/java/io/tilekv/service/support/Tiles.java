package io.tilekv.service.support;

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
import java.util.List;
import java.util.Map;

/**
 * Writes the tiles of events straight into a store, from tiling-core alone (as the Flink writer
 * would: every layer, whole-tile values). For tests and the load harness.
 */
public final class Tiles {
  private Tiles() {}

  /** Folds {@code events} into tiles of every layer and writes them in batches of {@code batch}. */
  public static int write(GroupBy g, KVStore store, Iterable<Row> events, int batch) {
    GroupByAggregator aggregator = new GroupByAggregator(g);
    TileCodec codec = new TileCodec(g);
    Map<Key, Object[]> tiles = new HashMap<>();
    for (Row row : events) {
      byte[] entity = g.entityKey(row).bytes();
      for (long size : g.layers()) {
        Key key = TileKeys.key(entity, size, Math.floorDiv(row.timestamp(), size) * size);
        tiles.put(key, aggregator.update(tiles.computeIfAbsent(key, k -> aggregator.init()), row));
      }
    }
    store.createDataset(g.dataset()).join();
    List<Entry> pending = new ArrayList<>(batch);
    for (Map.Entry<Key, Object[]> t : tiles.entrySet()) {
      pending.add(Entry.of(t.getKey(), codec.encode(t.getValue())));
      if (pending.size() == batch) {
        store.multiPut(g.dataset(), pending).join();
        pending = new ArrayList<>(batch);
      }
    }
    if (!pending.isEmpty()) {
      store.multiPut(g.dataset(), pending).join();
    }
    return tiles.size();
  }
}
