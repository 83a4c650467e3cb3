package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A stored value belongs to the store: changing an array the caller passed in or got back never
 * changes it, and two results never share an array.
 */
public interface ArrayIsolationContract extends ContractPart {

  @Test
  default void changingTheCallersArraysAfterAPutLeavesTheStoredValue() {
    Key k = key("isolated-put", 1);
    byte[] original = random(1, 64);
    byte[] passed = original.clone();
    Entry e = Entry.of(k, passed);
    byte[] fromEntry = e.value();
    sut().put(e);
    Arrays.fill(passed, (byte) 1);
    Arrays.fill(fromEntry, (byte) 2);

    assertReads(List.of(k), sut().get(List.of(k)), x -> original);
  }

  @Test
  default void changingAReturnedArrayLeavesTheStoredValue() {
    Key k = key("isolated-get", 1);
    byte[] original = random(2, 64);
    sut().put(Entry.of(k, original));

    byte[] first = sut().get(k).orElseThrow(() -> new AssertionError("written value missing"));
    Arrays.fill(first, (byte) 3);
    assertReads(List.of(k), sut().get(List.of(k)), x -> original);
    if (sut().supports(Capability.RANGE_SCAN)) {
      byte[] scanned = sut().scan(TestValues.utf8("isolated-get"), 1, 2).get(0).value();
      Arrays.fill(scanned, (byte) 4);
      assertReads(List.of(k), sut().get(List.of(k)), x -> original);
    }
  }

  @Test
  default void aKeyAskedTwiceInOneCallGetsTwoArrays() {
    Key k = key("isolated-twice", 1);
    byte[] original = random(3, 64);
    sut().put(Entry.of(k, original));

    List<Optional<byte[]>> values = sut().get(List.of(k, k, k));
    byte[] a = values.get(0).orElseThrow(() -> new AssertionError("written value missing"));
    byte[] b = values.get(1).orElseThrow(() -> new AssertionError("written value missing"));
    byte[] c = values.get(2).orElseThrow(() -> new AssertionError("written value missing"));
    assertThat(a).as("first and second result are distinct arrays").isNotSameAs(b);
    assertThat(b).as("second and third result are distinct arrays").isNotSameAs(c);
    assertThat(a).as("first and third result are distinct arrays").isNotSameAs(c);
    Arrays.fill(a, (byte) 5);
    TestValues.assertSameBytes("second result after the first was changed", b, original);
    TestValues.assertSameBytes("third result after the first was changed", c, original);
  }
}
