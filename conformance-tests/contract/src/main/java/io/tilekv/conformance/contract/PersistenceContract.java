package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.random;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store that keeps its data ({@link StoreFixture#persistent()}) keeps all of it when every client
 * is closed and the store is opened again ({@link StoreFixture#reopen()}).
 */
public interface PersistenceContract extends ContractPart {

  @Test
  default void dataSurvivesClosingEveryClientAndReopeningTheStore() {
    assumeTrue(sut().fixture().persistent(), "the fixture declares a store that does not persist");
    String other = sut().newDataset();
    Map<Key, byte[]> here = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Key k = key("reopen", i);
      byte[] v = i == 0 ? new byte[0] : i == 1 ? random(1, Math.min(100 << 10, sut().capabilities().maxValueBytes())) : random(i, i);
      here.put(k, v);
      entries.add(Entry.of(k, v));
    }
    Key overwritten = key("reopen", 1_000);
    here.put(overwritten, utf8("second"));
    entries.add(Entry.of(overwritten, utf8("first")));
    entries.add(Entry.of(overwritten, utf8("second")));
    if (sut().supports(Capability.TTL)) {
      Key longLived = key("reopen", 2_000);
      here.put(longLived, utf8("long-lived"));
      entries.add(Entry.of(longLived, utf8("long-lived"), Duration.ofDays(1)));
    }
    sut().put(entries);
    Key there = key("reopen", 0);
    sut().put(sut().store(), other, List.of(Entry.of(there, utf8("other dataset"))));

    sut().reopen();

    List<Key> request = new ArrayList<>(here.keySet());
    request.add(key("reopen", -1));
    assertReads(request, sut().get(request), here::get);
    assertReads(List.of(there), sut().get(sut().store(), other, List.of(there)), x -> utf8("other dataset"));
    sut().await("createDataset after reopen", sut().store().createDataset(sut().dataset()));
    assertReads(request, sut().get(request), here::get);
    if (sut().supports(Capability.RANGE_SCAN)) {
      assertThat(sut().scan(utf8("reopen"), 0, 100)).as("scan after reopen").hasSize(100);
    }
  }
}
