package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Datasets are isolated and idempotent to create; every client of a store sees the same data. */
public interface DatasetContract extends ContractPart {

  @Test
  default void sameKeyInTwoDatasetsHoldsTwoValues() {
    String other = sut().newDataset();
    Key shared = key("isolation", 1);
    Key onlyHere = key("isolation", 2);
    Key onlyThere = key("isolation", 3);
    sut().put(Entry.of(shared, utf8("here")), Entry.of(onlyHere, utf8("only here")));
    sut().put(sut().store(), other, List.of(Entry.of(shared, utf8("there")), Entry.of(onlyThere, utf8("only there"))));

    List<Key> request = List.of(shared, onlyHere, onlyThere);
    assertReads(request, sut().get(request),
        k -> k.equals(shared) ? utf8("here") : k.equals(onlyHere) ? utf8("only here") : null);
    assertReads(request, sut().get(sut().store(), other, request),
        k -> k.equals(shared) ? utf8("there") : k.equals(onlyThere) ? utf8("only there") : null);
  }

  @Test
  default void creatingADatasetTwiceKeepsItsData() {
    Key k = key("recreate", 1);
    sut().put(Entry.of(k, utf8("kept")));

    sut().await("createDataset of an existing dataset", sut().store().createDataset(sut().dataset()));
    sut().await("createDataset of an existing dataset, again", sut().store().createDataset(sut().dataset()));
    assertReads(List.of(k), sut().get(List.of(k)), x -> utf8("kept"));
  }

  @Test
  default void writesOfOneClientAreVisibleToAnother() {
    KVStore second = sut().openClient();
    Key fromFirst = key("clients", 1);
    Key fromSecond = key("clients", 2);
    List<Key> both = List.of(fromFirst, fromSecond);

    sut().put(Entry.of(fromFirst, utf8("first")));
    sut().put(second, sut().dataset(), List.of(Entry.of(fromSecond, utf8("second"))));

    assertReads(both, sut().get(second, sut().dataset(), both),
        k -> k.equals(fromFirst) ? utf8("first") : utf8("second"));
    assertReads(both, sut().get(both), k -> k.equals(fromFirst) ? utf8("first") : utf8("second"));
  }

  @Test
  default void writesPersistAfterTheWritingClientCloses() {
    Key k = key("persist", 1);
    KVStore writer = sut().openClient();
    sut().await("createDataset", writer.createDataset(sut().dataset()));
    sut().put(writer, sut().dataset(), List.of(Entry.of(k, utf8("persisted"))));
    writer.close();

    KVStore reader = sut().openClient();
    assertReads(List.of(k), sut().get(reader, sut().dataset(), List.of(k)), x -> utf8("persisted"));
    assertReads(List.of(k), sut().get(List.of(k)), x -> utf8("persisted"));
  }
}
