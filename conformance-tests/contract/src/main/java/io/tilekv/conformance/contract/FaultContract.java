package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the adapter makes of errors inside the store, for fixtures that can inject them
 * ({@link StoreFixture#faults()}): a read error fails the read and never reads as absent; a write
 * error fails the call and names every key that was not written.
 */
public interface FaultContract extends ContractPart {

  @Test
  default void readErrorFailsTheReadAndNeverReadsAsAbsent() {
    StoreFixture.Faults faults = faults();
    Key broken = key("read-fault", 1);
    Key fine = key("read-fault", 2);
    sut().put(Entry.of(broken, utf8("unreadable")), Entry.of(fine, utf8("fine")));
    faults.failReads(sut().dataset(), broken);
    try {
      for (List<Key> request : List.of(List.of(broken), List.of(fine, broken, key("read-fault", 3)))) {
        KVStoreException e = sut().failureOf("multiGet of " + request.size() + " keys, one unreadable",
            () -> sut().store().multiGet(sut().dataset(), request));
        assertThat(e.storeName()).as("store name of the read error").isEqualTo(sut().store().name());
      }
    } finally {
      faults.heal();
    }
    TestValues.assertReads(List.of(broken, fine), sut().get(List.of(broken, fine)),
        k -> k.equals(broken) ? utf8("unreadable") : utf8("fine"));
  }

  @Test
  default void writeErrorFailsTheCallNamingEveryKeyNotWritten() {
    StoreFixture.Faults faults = faults();
    Key broken = key("write-fault", 0);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(Entry.of(key("write-fault", i), utf8("v" + i)));
    }
    faults.failWrites(sut().dataset(), broken);
    KVStoreException e;
    try {
      e = sut().failureOf("multiPut with one unwritable key", () -> sut().store().multiPut(sut().dataset(), entries));
    } finally {
      faults.heal();
    }
    List<Key> keys = entries.stream().map(Entry::key).toList();
    List<Optional<byte[]>> read = sut().get(keys);
    for (int i = 0; i < keys.size(); i++) {
      boolean written = read.get(i).isPresent() && java.util.Arrays.equals(read.get(i).get(), utf8("v" + i));
      if (!written) {
        assertThat(e.failedKeys()).as("failed keys of the write error; %s was not written", keys.get(i)).contains(keys.get(i));
      }
    }
    assertThat(e.failedKeys()).as("failed keys of the write error").contains(broken);
  }

  private StoreFixture.Faults faults() {
    Optional<StoreFixture.Faults> faults = sut().fixture().faults();
    assumeTrue(faults.isPresent(), "the fixture cannot inject faults into the store");
    return faults.get();
  }
}
