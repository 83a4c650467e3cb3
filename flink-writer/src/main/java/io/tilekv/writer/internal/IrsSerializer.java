package io.tilekv.writer.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TileCodec;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** One tile's IR array in the tile format, for window accumulators. */
public final class IrsSerializer extends GroupBySerializer<Object[]> {
  private static final long serialVersionUID = 1L;

  private final transient GroupByAggregator aggregator;
  private final transient TileCodec codec;

  public IrsSerializer(GroupBy groupBy) {
    super(groupBy);
    this.aggregator = new GroupByAggregator(groupBy);
    this.codec = new TileCodec(aggregator);
  }

  @Override
  public Object[] createInstance() {
    return aggregator.init();
  }

  @Override
  public Object[] copy(Object[] from) {
    return aggregator.copy(from);
  }

  @Override
  public void serialize(Object[] irs, DataOutputView out) throws IOException {
    byte[] b = codec.encode(irs);
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  public Object[] deserialize(DataInputView in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return codec.decode(b);
  }
}
