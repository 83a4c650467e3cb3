package io.tilekv.writer.internal;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.GroupBy;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Base of the serializers whose format depends on a {@link GroupBy} (its schema or its
 * aggregations). They are stateless, so one instance serves every thread; the snapshot stores the
 * GroupBy so a restored job can read its old state, and refuses a GroupBy with another fingerprint.
 */
abstract class GroupBySerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  private final GroupBySpec spec;
  final transient GroupBy groupBy;

  GroupBySerializer(GroupBy groupBy) {
    this.spec = GroupBySpec.of(requireNonNull(groupBy, "groupBy is null"));
    this.groupBy = groupBy;
  }

  /** Java deserialization: rebuild from the spec (subclasses keep their state transient). */
  Object readResolve() throws java.io.ObjectStreamException {
    try {
      return getClass().getDeclaredConstructor(GroupBy.class).newInstance(spec.get());
    } catch (ReflectiveOperationException e) {
      throw new java.io.InvalidObjectException("cannot rebuild " + getClass().getName() + ": " + e);
    }
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public T deserialize(T reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((GroupBySerializer<?>) o).groupBy.equals(groupBy);
  }

  @Override
  public int hashCode() {
    return getClass().hashCode() * 31 + groupBy.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** Stores the serializer class and its GroupBy. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private GroupBySerializer<T> serializer;

    /** For Flink's reflective instantiation. */
    public Snapshot() {}

    Snapshot(GroupBySerializer<T> serializer) {
      this.serializer = serializer;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(serializer.getClass().getName());
      byte[] groupBy = InstantiationUtil.serializeObject(GroupBySpec.of(serializer.groupBy));
      out.writeInt(groupBy.length);
      out.write(groupBy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
      String className = in.readUTF();
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try {
        GroupBy groupBy = InstantiationUtil.<GroupBySpec>deserializeObject(bytes, loader).get();
        serializer = (GroupBySerializer<T>) Class.forName(className, true, loader)
            .getDeclaredConstructor(GroupBy.class).newInstance(groupBy);
      } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
          | IllegalAccessException | InvocationTargetException e) {
        throw new IOException("cannot restore serializer " + className, e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return serializer;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      if (oldSnapshot instanceof Snapshot<T> old && old.serializer.getClass() == serializer.getClass()
          && old.serializer.groupBy.fingerprint() == serializer.groupBy.fingerprint()) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
