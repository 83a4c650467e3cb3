package io.tilekv.writer.internal;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Schema;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.agg.Operation;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GroupBy} that Flink can ship to tasks and keep in checkpoints: Java serialization writes
 * the definition field by field and rebuilds it with the public builders, so it does not depend on
 * every class inside a GroupBy being serializable.
 */
public final class GroupBySpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient GroupBy groupBy;

  private GroupBySpec(GroupBy groupBy) {
    this.groupBy = groupBy;
  }

  public static GroupBySpec of(GroupBy groupBy) {
    return new GroupBySpec(requireNonNull(groupBy, "groupBy is null"));
  }

  public GroupBy get() {
    return groupBy;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    GroupBy g = groupBy;
    out.writeUTF(g.name());
    out.writeUTF(g.dataset());
    out.writeObject(new LinkedHashMap<>(g.schema().columns()));
    out.writeObject(new ArrayList<>(g.keys()));
    out.writeUTF(g.timestamp());
    out.writeObject(new ArrayList<>(g.layers()));
    out.writeLong(g.ttlMargin());
    out.writeInt(g.aggregations().size());
    for (Aggregation a : g.aggregations()) {
      out.writeUTF(a.input());
      out.writeObject(a.operation());
      out.writeInt(a.windows().size());
      for (Window w : a.windows()) {
        out.writeLong(w.length());
        out.writeLong(w.hop());
      }
      out.writeObject(new LinkedHashMap<>(a.args()));
    }
  }

  @SuppressWarnings("unchecked")
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    GroupBy.Builder b = GroupBy.builder(in.readUTF()).dataset(in.readUTF());
    Schema.Builder schema = Schema.builder();
    for (Map.Entry<String, ColumnType> c : ((Map<String, ColumnType>) in.readObject()).entrySet()) {
      schema.column(c.getKey(), c.getValue());
    }
    b.schema(schema.build());
    b.keys(((List<String>) in.readObject()).toArray(String[]::new));
    b.timestamp(in.readUTF());
    b.layers((List<Long>) in.readObject());
    b.ttlMargin(in.readLong());
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Aggregation.Builder a = Aggregation.builder(in.readUTF(), (Operation) in.readObject());
      int windows = in.readInt();
      for (int w = 0; w < windows; w++) {
        a.window(Window.of(in.readLong(), in.readLong()));
      }
      a.args((Map<String, Object>) in.readObject());
      b.aggregation(a.build());
    }
    groupBy = b.build();
  }
}
