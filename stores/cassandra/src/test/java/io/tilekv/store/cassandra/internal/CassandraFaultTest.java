package io.tilekv.store.cassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.cassandra.CassandraOptions;
import io.tilekv.store.cassandra.servers.CassandraServer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writes of which a share time out, before or after Cassandra applied them, still end equal to the oracle. */
@ExtendWith(CassandraServer.class)
class CassandraFaultTest {
  private static final byte[] POISON = "poison".getBytes(StandardCharsets.UTF_8);

  static CassandraSettings settings() {
    URI uri = URI.create(CassandraServer.uri());
    Map<String, String> options = new HashMap<>();
    options.put(StoreConfig.LOCATION, uri.getRawAuthority());
    for (String kv : uri.getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      options.put(p[0], p[1]);
    }
    options.put(CassandraOptions.TIMEOUT, "20s");
    return CassandraSettings.parse(new StoreConfig("cassandra", options, CassandraOptions.SECRET));
  }

  private static boolean isWrite(Statement<?> s) {
    return s instanceof BatchStatement
        || s instanceof BoundStatement b && b.getPreparedStatement().getQuery().startsWith("INSERT");
  }

  @Test
  void writesThatTimeOutBeforeOrAfterApplyingAreRetriedUntilTheStoreEqualsTheOracle() throws Exception {
    Random random = new Random(42);
    AtomicInteger injected = new AtomicInteger();
    try (CassandraKVStore store = CassandraKVStore.connect(settings(), real -> statement -> {
      if (!isWrite(statement) || random.nextInt(100) >= 30) {
        return real.run(statement);
      }
      injected.incrementAndGet();
      if (random.nextBoolean()) {
        return CompletableFuture.failedFuture(new DriverTimeoutException("injected: timed out before sending"));
      }
      // Applied, but the client never hears so: the retry writes the same value again.
      return real.run(statement).thenCompose(rs ->
          CompletableFuture.failedFuture(new DriverTimeoutException("injected: timed out after applying")));
    })) {
      String dataset = "faults_" + System.nanoTime();
      store.createDataset(dataset).get(30, TimeUnit.SECONDS);
      Map<Key, byte[]> oracle = new LinkedHashMap<>();
      for (int round = 0; round < 3; round++) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
          int p = random.nextInt(40);
          Key k = Key.of(("entity-" + p).getBytes(StandardCharsets.UTF_8), random.nextInt(50) * 300_000L);
          byte[] v = ("r" + round + "-" + i).getBytes(StandardCharsets.UTF_8);
          entries.add(Entry.of(k, v));
          oracle.put(k, v);
        }
        store.multiPut(dataset, entries).get(60, TimeUnit.SECONDS);
      }
      assertThat(injected.get()).as("faults injected").isGreaterThan(20);
      List<Key> keys = new ArrayList<>(oracle.keySet());
      List<Optional<byte[]>> read = store.multiGet(dataset, keys).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < keys.size(); i++) {
        byte[] want = oracle.get(keys.get(i));
        assertThat(read.get(i)).as("value of %s", keys.get(i)).hasValueSatisfying(v -> assertThat(v).isEqualTo(want));
      }
      byte[] p0 = "entity-0".getBytes(StandardCharsets.UTF_8);
      List<Entry> scanned = store.scan(dataset, p0, Long.MIN_VALUE, Long.MAX_VALUE).get(30, TimeUnit.SECONDS);
      assertThat(scanned).extracting(e -> e.key().sort()).containsExactlyElementsOf(
          oracle.keySet().stream().filter(k -> k.hasPartition(p0)).map(Key::sort).sorted().toList());
    }
  }

  @Test
  void writesThatCannotSucceedAreReportedByKeyWhileTheRestIsWritten() throws Exception {
    try (CassandraKVStore store = CassandraKVStore.connect(settings(), real -> statement -> {
      if (isWrite(statement) && touchesPoison(statement)) {
        return CompletableFuture.failedFuture(new InvalidQueryException(null, "injected: refused"));
      }
      return real.run(statement);
    })) {
      String dataset = "refusals_" + System.nanoTime();
      store.createDataset(dataset).get(30, TimeUnit.SECONDS);
      List<Entry> entries = new ArrayList<>();
      for (int p = 0; p < 5; p++) {
        byte[] partition = p == 3 ? POISON : ("ok-" + p).getBytes(StandardCharsets.UTF_8);
        for (int s = 0; s < 4; s++) {
          entries.add(Entry.of(Key.of(partition, s), ("v" + p + s).getBytes(StandardCharsets.UTF_8)));
        }
      }
      assertThatThrownBy(() -> store.multiPut(dataset, entries).get(30, TimeUnit.SECONDS))
          .satisfies(e -> {
            KVStoreException kv = KVStoreException.unwrap(e);
            assertThat(kv).isNotNull();
            assertThat(kv.kind()).isEqualTo(KVStoreException.Kind.INTERNAL);
            assertThat(kv.failedKeys()).containsAll(entries.stream().map(Entry::key)
                .filter(k -> k.hasPartition(POISON)).toList());
          });
      List<Key> keys = entries.stream().map(Entry::key).toList();
      List<Optional<byte[]>> read = store.multiGet(dataset, keys).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).hasPartition(POISON)) {
          assertThat(read.get(i)).isEmpty();
        }
      }
    }
  }

  @Test
  void anAbsentKeyspaceIsAConfigErrorUnlessTheStoreMayCreateIt() {
    CassandraSettings s = settings();
    CassandraSettings absent = new CassandraSettings(s.contactPoints(), "absent_" + (System.nanoTime() % 1_000_000),
        s.localDc(), false, s.replication(), s.readConsistency(), s.writeConsistency(), s.username(), s.password(),
        s.tls(), Duration.ofSeconds(20), s.maxRequestsInFlight(), s.compaction());
    assertThatThrownBy(() -> CassandraKVStore.connect(absent)).isInstanceOf(KVStoreException.class)
        .hasMessageContaining("createKeyspace")
        .satisfies(e -> assertThat(((KVStoreException) e).kind()).isEqualTo(KVStoreException.Kind.INVALID_CONFIG));
  }

  private static boolean touchesPoison(Statement<?> statement) {
    List<BoundStatement> rows = new ArrayList<>();
    if (statement instanceof BatchStatement batch) {
      batch.forEach(s -> rows.add((BoundStatement) s));
    } else {
      rows.add((BoundStatement) statement);
    }
    for (BoundStatement b : rows) {
      ByteBuffer p = b.getByteBuffer(0);
      byte[] bytes = new byte[p.remaining()];
      p.duplicate().get(bytes);
      if (bytes.length == POISON.length + 1 && new String(bytes, 1, POISON.length, StandardCharsets.UTF_8).equals("poison")) {
        return true;
      }
    }
    return false;
  }
}
