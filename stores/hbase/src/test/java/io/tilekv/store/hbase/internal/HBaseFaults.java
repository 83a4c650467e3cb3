package io.tilekv.store.hbase.internal;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.hbase.DoNotRetryIOException;

/**
 * The kit's faults for HBase stores, injected where the adapter meets the HBase client: a batch
 * holding a broken key fails to read; a write batch is sent without its broken entries and then
 * fails, as a partly applied multi would. Applies to every store {@link #attach}ed.
 */
public final class HBaseFaults implements StoreFixture.Faults {
  private final Set<String> reads = ConcurrentHashMap.newKeySet();
  private final Set<String> writes = ConcurrentHashMap.newKeySet();

  /** Makes {@code store} (an HBase store) meet this object's faults; returns it. */
  public KVStore attach(KVStore store) {
    ((HBaseKVStore) store).injectFaults(new HBaseKVStore.FaultHook() {
      @Override
      public Throwable onRead(String dataset, List<Key> batch) {
        for (Key k : batch) {
          if (reads.contains(id(dataset, k))) {
            return new DoNotRetryIOException("injected read fault on " + k);
          }
        }
        return null;
      }

      @Override
      public HBaseKVStore.Fault onWrite(String dataset, List<Entry> batch) {
        List<Entry> fine = batch.stream().filter(e -> !writes.contains(id(dataset, e.key()))).toList();
        return fine.size() == batch.size() ? null
            : new HBaseKVStore.Fault(new DoNotRetryIOException("injected write fault"), true, fine);
      }
    });
    return store;
  }

  private static String id(String dataset, Key key) {
    return dataset + "/" + key;
  }

  @Override
  public void failReads(String dataset, Key key) {
    reads.add(id(dataset, key));
  }

  @Override
  public void failWrites(String dataset, Key key) {
    writes.add(id(dataset, key));
  }

  @Override
  public void heal() {
    reads.clear();
    writes.clear();
  }
}
