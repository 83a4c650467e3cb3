package io.tilekv.writer.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TileCodec;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes {@link OpenTiles} into checkpoints, each tile's IRs in the store's tile format
 * ({@link TileCodec}); {@link #copy} deep-copies the IRs, as the heap state backend needs for
 * copy-on-write snapshots.
 */
public final class OpenTilesSerializer extends GroupBySerializer<OpenTiles> {
  private static final long serialVersionUID = 1L;

  private final transient GroupByAggregator aggregator;
  private final transient TileCodec codec;
  private final transient int layerCount;

  public OpenTilesSerializer(GroupBy groupBy) {
    super(groupBy);
    this.aggregator = new GroupByAggregator(groupBy);
    this.codec = new TileCodec(aggregator);
    this.layerCount = groupBy.layers().size();
  }

  @Override
  public OpenTiles createInstance() {
    return new OpenTiles(layerCount);
  }

  @Override
  public OpenTiles copy(OpenTiles from) {
    OpenTiles to = new OpenTiles(layerCount);
    to.flushTimer = from.flushTimer;
    for (int i = 0; i < layerCount; i++) {
      for (OpenTiles.Slot s : from.layers[i].values()) {
        to.put(i, new OpenTiles.Slot(s.start, aggregator.copy(s.irs), s.dirty));
      }
    }
    return to;
  }

  @Override
  public void serialize(OpenTiles tiles, DataOutputView out) throws IOException {
    out.writeLong(tiles.flushTimer);
    for (int i = 0; i < layerCount; i++) {
      Map<Long, OpenTiles.Slot> layer = tiles.layers[i];
      out.writeInt(layer.size());
      for (OpenTiles.Slot s : layer.values()) {
        out.writeLong(s.start);
        out.writeBoolean(s.dirty);
        byte[] irs = codec.encode(s.irs);
        out.writeInt(irs.length);
        out.write(irs);
      }
    }
  }

  @Override
  public OpenTiles deserialize(DataInputView in) throws IOException {
    OpenTiles tiles = new OpenTiles(layerCount);
    tiles.flushTimer = in.readLong();
    for (int i = 0; i < layerCount; i++) {
      int n = in.readInt();
      for (int j = 0; j < n; j++) {
        long start = in.readLong();
        boolean dirty = in.readBoolean();
        byte[] irs = new byte[in.readInt()];
        in.readFully(irs);
        tiles.put(i, new OpenTiles.Slot(start, codec.decode(irs), dirty));
      }
    }
    return tiles;
  }
}
