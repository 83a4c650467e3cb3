package io.tilekv.writer.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A sink that collects elements into a list of this JVM, by name (MiniCluster tests only). */
public final class Collected<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> LISTS = new ConcurrentHashMap<>();

  private final String name;

  private Collected(String name) {
    this.name = name;
  }

  public static <T> Collected<T> into(String name) {
    LISTS.put(name, new CopyOnWriteArrayList<>());
    return new Collected<>(name);
  }

  @SuppressWarnings("unchecked")
  public static <T> List<T> get(String name) {
    return (List<T>) (List<?>) LISTS.get(name);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> list = LISTS.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        list.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
