package io.tilekv.writer.internal;

import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Writes a {@link Row} column by column in its schema's types (a null flag, then the value). */
public final class RowSerializer extends GroupBySerializer<Row> {
  private static final long serialVersionUID = 1L;

  private final transient ColumnType[] types;

  public RowSerializer(GroupBy groupBy) {
    super(groupBy);
    this.types = new ColumnType[groupBy.schema().size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = groupBy.schema().type(i);
    }
  }

  @Override
  public Row createInstance() {
    return null;
  }

  @Override
  public Row copy(Row from) {
    return from; // rows are immutable
  }

  @Override
  public void serialize(Row row, DataOutputView out) throws IOException {
    for (int i = 0; i < types.length; i++) {
      Object v = row.get(i);
      out.writeBoolean(v != null);
      if (v == null) {
        continue;
      }
      switch (types[i]) {
        case STRING -> StringValue.writeString((String) v, out);
        case LONG -> out.writeLong((Long) v);
        case INT -> out.writeInt((Integer) v);
        case DOUBLE -> out.writeDouble((Double) v);
        case FLOAT -> out.writeFloat((Float) v);
        case BOOLEAN -> out.writeBoolean((Boolean) v);
        case BYTES -> {
          byte[] b = (byte[]) v;
          out.writeInt(b.length);
          out.write(b);
        }
      }
    }
  }

  @Override
  public Row deserialize(DataInputView in) throws IOException {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (!in.readBoolean()) {
        continue;
      }
      values[i] = switch (types[i]) {
        case STRING -> StringValue.readString(in);
        case LONG -> in.readLong();
        case INT -> in.readInt();
        case DOUBLE -> in.readDouble();
        case FLOAT -> in.readFloat();
        case BOOLEAN -> in.readBoolean();
        case BYTES -> {
          byte[] b = new byte[in.readInt()];
          in.readFully(b);
          yield b;
        }
      };
    }
    return groupBy.row(values);
  }
}
