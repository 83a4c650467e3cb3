package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Micrometer is optional: a fetcher without a meter registry runs with no Micrometer jar at all. */
class FetcherWithoutMicrometerTest {

  /** Runs in a class loader without Micrometer: fetches once and returns the response's JSON. */
  public static final class FetchOnce implements Callable<String> {
    @Override
    public String call() {
      GroupBy g = Purchases.groupBy();
      MemoryKVStore store = new MemoryKVStore();
      new TestTiles(g, store).write(Purchases.events(g, 1, 200, 1, T0, 2 * DAY));
      Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).build();
      return fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(T0 + 2 * DAY)).join().toJson();
    }
  }

  @Test
  void theFetcherWorksWithoutMicrometerOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer") && !entry.contains("HdrHistogram") && !entry.contains("LatencyUtils")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(isolated.getResource("io/micrometer/core/instrument/MeterRegistry.class")).isNull();
      Class<?> task = Class.forName(FetchOnce.class.getName(), true, isolated);
      assertThat(task.getClassLoader()).isSameAs(isolated);
      @SuppressWarnings("unchecked")
      Callable<String> fetch = (Callable<String>) task.getDeclaredConstructor().newInstance();

      String json = fetch.call();

      assertThat(json).contains("\"features\"").contains("\"errors\":{}");
    }
  }
}
