package io.tilekv.writer.sink.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.TileDecodeException;
import io.tilekv.writer.internal.GroupBySpec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Merge mode of the sink: a run's tile is merged into the tile the store already holds (IRs merged,
 * the run's id added to the tile's inputs) instead of replacing it. A stored tile that already
 * lists the run's id holds this run's events already (the same input written again, or a retry
 * after a write whose answer was lost): it is left alone, so nothing is ever counted twice.
 */
public final class TileMerger implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GroupBySpec groupBy;
  private final long runId;
  private transient TileCodec codec;
  private transient GroupByAggregator aggregator;

  public TileMerger(GroupBy groupBy, long runId) {
    this.groupBy = GroupBySpec.of(groupBy);
    this.runId = runId;
  }

  public long runId() {
    return runId;
  }

  /**
   * The value to store for the run's tile {@code run} over the stored value {@code stored} (null
   * when absent), or null when the stored tile already holds this run.
   *
   * @throws IllegalStateException when the stored value is not a tile of this GroupBy (another
   *     definition, or damaged): merging would be wrong and replacing it silently too
   */
  public byte[] merge(byte[] stored, byte[] run, String tileName) {
    if (codec == null) {
      aggregator = new GroupByAggregator(groupBy.get());
      codec = new TileCodec(aggregator);
    }
    Object[] irs = codec.decode(run);
    if (stored == null) {
      return codec.encode(irs, new long[] {runId});
    }
    TileCodec.Decoded existing;
    try {
      existing = codec.decodeTile(stored);
    } catch (TileDecodeException e) {
      throw new IllegalStateException("cannot merge into the stored " + tileName + ": " + e.getMessage()
          + "; write in replace mode to overwrite such tiles", e);
    }
    long[] inputs = existing.inputs();
    if (Arrays.stream(inputs).anyMatch(id -> id == runId)) {
      return null;
    }
    long[] merged = Arrays.copyOf(inputs, inputs.length + 1);
    merged[inputs.length] = runId;
    if (inputs.length == 0) {
      // A tile written by a run in replace mode (or before merge mode existed) lists no input;
      // it keeps none of its own but still holds its events, which the merge keeps.
      merged = new long[] {runId};
    }
    try {
      return codec.encode(aggregator.merge(existing.irs(), irs), merged);
    } catch (IllegalStateException e) { // e.g. a CPC unique count of tile format 1 or 2
      throw new IllegalStateException("cannot merge into the stored " + tileName + ": " + e.getMessage(), e);
    }
  }
}
