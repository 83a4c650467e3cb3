package io.tilekv.store.hbase.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.store.hbase.servers.HBaseServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.CallQueueTooBigException;
import org.apache.hadoop.hbase.RegionTooBusyException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the kit does not see: the table layout, faults during writes, a disabled table. */
@ExtendWith(HBaseServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HBaseStoreTest {
  private static final String NAMESPACE = "tilekv_it";
  private HBaseSettings settings;
  private AsyncConnection raw;

  @BeforeAll
  void connect() throws Exception {
    settings = ((HBaseKVStore) open()).settingsForTest();
    raw = ConnectionFactory.createAsyncConnection(settings.configuration()).get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void close() throws Exception {
    if (raw != null) {
      raw.close();
    }
  }

  private static KVStore open(String... options) {
    Map<String, String> o = new java.util.LinkedHashMap<>(Map.of("namespace", NAMESPACE, "timeout", "15s"));
    for (int i = 0; i < options.length; i += 2) {
      o.put(options[i], options[i + 1]);
    }
    StringBuilder uri = new StringBuilder(HBaseServer.uri());
    o.forEach((k, v) -> uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(k).append('=').append(v));
    return KVStores.open(uri.toString());
  }

  private static String dataset(String what) {
    return what + "_" + Long.toHexString(System.nanoTime());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTileIsOneCellUnderItsRowInTheDatasetTableOfTheNamespace() throws Exception {
    String ds = dataset("layout");
    try (KVStore store = open("presplit", "4")) {
      store.createDataset(ds).get();
      store.createDataset(ds).get(); // idempotent
      Key key = Key.of(utf8("user-1|1h"), -3_600_000L);
      store.multiPut(ds, List.of(Entry.of(key, utf8("tile"), Duration.ofDays(1)))).get();

      TableName table = TableName.valueOf(NAMESPACE, ds);
      Result r = raw.getTable(table).get(new Get(HBaseRowKeys.row(key))).get();
      assertThat(r.getValue(utf8("t"), utf8("v"))).isEqualTo(utf8("tile"));
      assertThat(raw.getAdmin().getRegions(table).get()).hasSize(4);
    }
  }

  @Test
  void writesEndCorrectWhenAShareOfBatchesFailsRetryably() throws Exception {
    String ds = dataset("faults");
    SplittableRandom random = new SplittableRandom(42);
    AtomicLong injected = new AtomicLong();
    try (KVStore store = open()) {
      store.createDataset(ds).get();
      ((HBaseKVStore) store).injectFaults(new HBaseKVStore.FaultHook() {
        @Override
        public HBaseKVStore.Fault onWrite(String dataset, List<Entry> batch) {
          synchronized (random) {
            double x = random.nextDouble();
            if (x >= 0.3) {
              return null;
            }
            injected.incrementAndGet();
            Throwable error = x < 0.15 ? new RegionTooBusyException("injected") : new CallQueueTooBigException();
            // Some batches were written (all of it, or a part) and only the answer was lost.
            List<Entry> written = x < 0.05 ? batch : batch.subList(0, batch.size() / 2);
            return new HBaseKVStore.Fault(error, x < 0.1, written);
          }
        }
      });
      Map<Key, byte[]> expected = new HashMap<>();
      SplittableRandom data = new SplittableRandom(7);
      for (int round = 0; round < 20; round++) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          Key k = Key.of(utf8("p" + data.nextInt(40)), data.nextLong(-50, 50));
          byte[] v = utf8("r" + round + "-" + i);
          entries.add(data.nextBoolean() ? Entry.of(k, v) : Entry.of(k, v, Duration.ofHours(1)));
          expected.put(k, v);
        }
        store.multiPut(ds, entries).get(30, TimeUnit.SECONDS);
      }
      List<Key> keys = new ArrayList<>(expected.keySet());
      List<Optional<byte[]>> read = store.multiGet(ds, keys).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < keys.size(); i++) {
        byte[] want = expected.get(keys.get(i));
        assertThat(read.get(i)).as("%s", keys.get(i)).hasValueSatisfying(v -> assertThat(v).isEqualTo(want));
      }
      assertThat(injected.get()).as("faults injected").isGreaterThan(5);
    }
  }

  @Test
  void aDisabledTableIsAnInternalErrorThatSaysSo() throws Exception {
    String ds = dataset("disabled");
    try (KVStore store = open("timeout", "5s")) {
      store.createDataset(ds).get();
      raw.getAdmin().disableTable(TableName.valueOf(NAMESPACE, ds)).get(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> store.multiGet(ds, List.of(Key.of(utf8("p"), 1))).get(20, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(KVStoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(KVStoreException.Kind.INTERNAL);
            assertThat(e.getMessage()).contains("disabled");
          });
      assertThatThrownBy(() -> store.createDataset(ds).get(20, TimeUnit.SECONDS))
          .cause().isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.getMessage()).contains("disabled"));
    }
  }
}
