package io.tilekv.tiling.agg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.datasketches.common.ArrayOfItemsSerDe;
import org.apache.datasketches.common.SketchesArgumentException;
import org.apache.datasketches.memory.Memory;

/**
 * Lets DataSketches' frequent-items sketch store internal values of one {@link ValueType} in the
 * same compact form as the other IRs. Malformed bytes raise {@link SketchesArgumentException},
 * which the decoder turns into an IOException.
 */
final class ValueSerDe extends ArrayOfItemsSerDe<Object> {
  private final ValueType type;

  ValueSerDe(ValueType type) {
    this.type = type;
  }

  @Override
  public byte[] serializeToByteArray(Object item) {
    return serializeToByteArray(new Object[] {item});
  }

  @Override
  public byte[] serializeToByteArray(Object[] items) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (Object item : items) {
        type.write(out, item);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable: in-memory stream
    }
    return bytes.toByteArray();
  }

  @Override
  public Object[] deserializeFromMemory(Memory mem, long offset, int numItems) {
    DataInputStream in = stream(mem, offset);
    Object[] items = new Object[checkCount(numItems)];
    try {
      for (int i = 0; i < numItems; i++) {
        items[i] = type.read(in);
      }
    } catch (IOException e) {
      throw new SketchesArgumentException("malformed item " + ": " + e.getMessage());
    }
    return items;
  }

  @Override
  public int sizeOf(Object item) {
    return serializeToByteArray(item).length;
  }

  @Override
  public int sizeOf(Memory mem, long offset, int numItems) {
    long available = mem.getCapacity() - offset;
    DataInputStream in = stream(mem, offset);
    try {
      for (int i = 0; i < checkCount(numItems); i++) {
        type.read(in);
      }
      return (int) (available - in.available());
    } catch (IOException e) {
      throw new SketchesArgumentException("malformed item: " + e.getMessage());
    }
  }

  @Override
  public String toString(Object item) {
    return String.valueOf(item);
  }

  @Override
  public Class<Object> getClassOfT() {
    return Object.class;
  }

  private static int checkCount(int numItems) {
    if (numItems < 0 || numItems > IrIo.MAX_COUNT) {
      throw new SketchesArgumentException("malformed item count " + numItems);
    }
    return numItems;
  }

  private static DataInputStream stream(Memory mem, long offset) {
    long available = mem.getCapacity() - offset;
    if (offset < 0 || available < 0 || available > Integer.MAX_VALUE) {
      throw new SketchesArgumentException("malformed item offset " + offset);
    }
    byte[] rest = new byte[(int) available];
    mem.getByteArray(offset, rest, 0, rest.length);
    return new DataInputStream(new ByteArrayInputStream(rest));
  }
}
