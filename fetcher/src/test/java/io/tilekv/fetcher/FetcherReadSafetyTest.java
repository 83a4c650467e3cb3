package io.tilekv.fetcher;

import static io.tilekv.fetcher.support.Purchases.DAY;
import static io.tilekv.fetcher.support.Purchases.HOUR;
import static io.tilekv.fetcher.support.Purchases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.support.Purchases;
import io.tilekv.fetcher.support.TestTiles;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.TileKeys;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: an unreadable tile is an error, never "no data"; reading creates no store or dataset. */
class FetcherReadSafetyTest {
  private final GroupBy g = Purchases.groupBy();
  private final List<Row> events = Purchases.events(g, 3, 1_500, 2, T0, 8 * DAY);
  private final long q = T0 + 8 * DAY + 14 * HOUR;

  @TempDir
  Path dir;

  private FetchResponse fetchU0(KVStore store) {
    Fetcher fetcher = Fetcher.builder().store(store).groupBys(g).cache(CacheOptions.disabled()).build();
    return fetcher.fetch(FetchRequest.ofValues("purchases", "u0").at(q)).join();
  }

  @Test
  void tilesInACorruptRocksDbBlockAreErrorsOfTheirFeaturesNotEmptyValues() throws Exception {
    Path path = dir.resolve("store");
    try (KVStore store = KVStores.open("rocksdb:" + path)) {
      new TestTiles(g, store).write(events);
      // Filler rows after u0's (longer entity keys sort later), so that u0's tiles sit in the
      // first data blocks of the file, which are overwritten below.
      Random random = new Random(1);
      List<Entry> filler = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        byte[] v = new byte[1_024];
        random.nextBytes(v);
        filler.add(Entry.of(TileKeys.key(("filler-entity-" + i).getBytes(StandardCharsets.UTF_8), DAY, 0), v));
      }
      store.multiPut(g.dataset(), filler).join();
      ((io.tilekv.store.rocksdb.RocksDbKVStore) store).compact().join();
    }
    Path sst;
    try (Stream<Path> files = Files.list(path)) {
      sst = files.filter(p -> p.toString().endsWith(".sst"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
      f.seek(0);
      f.write(new byte[(int) (f.length() / 2)]);
    }
    try (KVStore store = KVStores.open("rocksdb:" + path + "?create=false")) {
      FetchResponse r = fetchU0(store);
      assertThat(r.features()).isEmpty();
      assertThat(r.errors().keySet()).containsExactlyElementsOf(g.featureNames());
      assertThat(r.errors().values()).allSatisfy(why -> assertThat(why).contains("store read failed")
          .contains("checksum mismatch"));
    }
  }

  @Test
  void aDatasetNobodyWroteIsAnErrorForAReaderAndAFetchCreatesNoDataset() {
    Path path = dir.resolve("store");
    try (KVStore writer = KVStores.open("rocksdb:" + path)) {
      writer.multiPut("other_dataset", List.of(Entry.of(TileKeys.key(new byte[] {1}, DAY, 0), new byte[] {1})))
          .join();
      // A fetch through a store that could create datasets answers, but must not create one.
      assertThat(fetchU0(writer).errors()).isEmpty();
    }
    try (KVStore reader = KVStores.open("rocksdb:" + path + "?create=false")) {
      FetchResponse r = fetchU0(reader);
      assertThat(r.features()).isEmpty();
      assertThat(r.errors().keySet()).containsExactlyElementsOf(g.featureNames());
      assertThat(r.errors().values()).allSatisfy(why -> assertThat(why)
          .contains("dataset 'purchases' does not exist").contains("other_dataset"));
    }
  }
}
