package io.tilekv.writer.sink.internal;

import io.tilekv.writer.sink.Tile;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/** Writes the sink's buffered tiles into checkpoints. */
public final class TileStateSerializer extends AsyncSinkWriterStateSerializer<Tile> {
  @Override
  protected void serializeRequestToStream(Tile tile, DataOutputStream out) throws IOException {
    out.writeInt(tile.entityKey().length);
    out.write(tile.entityKey());
    out.writeLong(tile.size());
    out.writeLong(tile.start());
    out.writeLong(tile.ttlMillis());
    out.writeInt(tile.value().length);
    out.write(tile.value());
  }

  @Override
  protected Tile deserializeRequestFromStream(long requestSize, DataInputStream in)
      throws IOException {
    byte[] key = new byte[in.readInt()];
    in.readFully(key);
    long size = in.readLong();
    long start = in.readLong();
    long ttl = in.readLong();
    byte[] value = new byte[in.readInt()];
    in.readFully(value);
    return new Tile(key, size, start, value, ttl);
  }

  @Override
  public int getVersion() {
    return 1;
  }
}
