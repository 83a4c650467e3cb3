package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How every call behaves, whatever it does: a programming error (a null argument or element, a
 * malformed dataset name) throws at once and writes nothing; a store error arrives as a failed
 * future, never thrown; every well-formed dataset name works; capabilities never change.
 */
public interface CallRulesContract extends ContractPart {

  @Test
  default void nullArgumentsAndNullElementsThrowAtOnceAndWriteNothing() {
    KVStore s = sut().store();
    String ds = sut().dataset();
    Key k = key("nulls", 1);
    Entry e = Entry.of(k, utf8("x"));
    List<Key> keysWithNull = Arrays.asList(k, null);
    List<Entry> entriesWithNull = Arrays.asList(e, null);

    throwsAtOnce(NullPointerException.class, "createDataset(null)", () -> s.createDataset(null));
    throwsAtOnce(NullPointerException.class, "multiGet(null, keys)", () -> s.multiGet(null, List.of(k)));
    throwsAtOnce(NullPointerException.class, "multiGet(dataset, null)", () -> s.multiGet(ds, null));
    throwsAtOnce(NullPointerException.class, "multiGet of a list holding null", () -> s.multiGet(ds, keysWithNull));
    throwsAtOnce(NullPointerException.class, "multiPut(null, entries)", () -> s.multiPut(null, List.of(e)));
    throwsAtOnce(NullPointerException.class, "multiPut(dataset, null)", () -> s.multiPut(ds, null));
    throwsAtOnce(NullPointerException.class, "multiPut of a list holding null", () -> s.multiPut(ds, entriesWithNull));
    if (sut().supports(Capability.RANGE_SCAN)) {
      throwsAtOnce(NullPointerException.class, "scan(null, ...)", () -> s.scan(null, utf8("nulls"), 0, 10));
      throwsAtOnce(NullPointerException.class, "scan(dataset, null, ...)", () -> s.scan(ds, null, 0, 10));
    }
    assertReads(List.of(k), sut().get(List.of(k)), x -> null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "a/b", "has space", "tab\tname", "semi;colon", "umlaut-\u00fc", "star*",
      "x1234567890123456789012345678901234567890123456789012345678901234"})
  default void malformedDatasetNameThrowsIllegalArgumentAtOnce(String name) {
    KVStore s = sut().store();
    Key k = key("malformed", 1);
    throwsAtOnce(IllegalArgumentException.class, "createDataset", () -> s.createDataset(name));
    throwsAtOnce(IllegalArgumentException.class, "multiGet", () -> s.multiGet(name, List.of(k)));
    throwsAtOnce(IllegalArgumentException.class, "multiPut", () -> s.multiPut(name, List.of(Entry.of(k, utf8("x")))));
    if (sut().supports(Capability.RANGE_SCAN)) {
      throwsAtOnce(IllegalArgumentException.class, "scan", () -> s.scan(name, utf8("malformed"), 0, 10));
    }
  }

  /**
   * Every name of 3 to 64 characters of {@code [A-Za-z0-9_.-]} is a dataset of its own: an adapter
   * whose store allows fewer characters or shorter names must encode them without collisions.
   */
  @Test
  default void everyWellFormedDatasetNameIsADatasetOfItsOwn() {
    String run = StoreUnderTest.runId();
    String long64 = ("K" + run + "_" + "0123456789".repeat(7)).substring(0, 63);
    List<String> names = List.of("a.b", "a-b", "a_b", "...", "-_-", "0.9", "Z" + run + ".x-Y_9",
        long64 + "1", long64 + "2", "K" + run + "-ab", "K" + run + ".ab", "K" + run + "_ab");
    Key k = key("names", 1);
    for (String name : names) {
      assertThat(name).matches("[A-Za-z0-9_.-]{3,64}");
      sut().await("createDataset(" + name + ")", sut().store().createDataset(name));
      sut().put(sut().store(), name, List.of(Entry.of(k, utf8(name))));
    }
    for (String name : names) {
      assertReads(List.of(k), sut().get(sut().store(), name, List.of(k)), x -> utf8(name));
    }
  }

  @Test
  default void storeErrorsArriveAsFailedFuturesNeverThrown() {
    KVStore s = sut().store();
    String ds = sut().dataset();
    StoreCapabilities caps = sut().capabilities();
    Key k = key("failed-future", 1);
    byte[] p = utf8("failed-future");

    failsLater(Kind.VALUE_TOO_LARGE, "multiPut of a value too large",
        () -> s.multiPut(ds, List.of(Entry.of(k, new byte[caps.maxValueBytes() + 1]))));
    failsLater(Kind.VALUE_TOO_LARGE, "multiPut of a partition too large",
        () -> s.multiPut(ds, List.of(Entry.of(Key.of(new byte[caps.maxKeyBytes() + 1], 1), utf8("x")))));
    if (!caps.supports(Capability.TTL)) {
      failsLater(Kind.UNSUPPORTED, "multiPut with a TTL", () -> s.multiPut(ds, List.of(Entry.of(k, utf8("x"), Duration.ofHours(1)))));
    }
    if (!caps.supports(Capability.RANGE_SCAN)) {
      failsLater(Kind.UNSUPPORTED, "scan", () -> s.scan(ds, p, 0, 10));
    }
    KVStore closed = sut().openClient();
    closed.close();
    failsLater(Kind.CLOSED, "createDataset after close", () -> closed.createDataset(ds));
    failsLater(Kind.CLOSED, "multiGet after close", () -> closed.multiGet(ds, List.of(k)));
    failsLater(Kind.CLOSED, "multiPut after close", () -> closed.multiPut(ds, List.of(Entry.of(k, utf8("x")))));
    if (caps.supports(Capability.RANGE_SCAN)) {
      failsLater(Kind.CLOSED, "scan after close", () -> closed.scan(ds, p, 0, 10));
    }
  }

  @Test
  default void capabilitiesAreConstantForTheLifeOfTheInstance() {
    KVStore client = sut().openClient();
    StoreCapabilities first = client.capabilities();
    Key k = key("constant", 1);
    List<StoreCapabilities> seen = new ArrayList<>();
    sut().put(client, sut().dataset(), List.of(Entry.of(k, utf8("x"))));
    seen.add(client.capabilities());
    sut().get(client, sut().dataset(), List.of(k));
    seen.add(client.capabilities());
    client.close();
    seen.add(client.capabilities());

    assertThat(first).as("capabilities").isNotNull();
    assertThat(seen).as("capabilities after a write, a read and close").allSatisfy(c -> assertThat(c).isEqualTo(first));
  }

  /** Checks that {@code call} throws {@code type} itself instead of returning a future. */
  private static void throwsAtOnce(Class<? extends RuntimeException> type, String what,
      Supplier<CompletableFuture<?>> call) {
    CompletableFuture<?> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      if (!type.isInstance(e)) {
        throw new AssertionError(what + " threw " + e + " but a programming error throws "
            + type.getSimpleName(), e);
      }
      return;
    }
    throw new AssertionError(what + " returned " + (f == null ? "null" : f.isCompletedExceptionally()
        ? "a failed future" : "a future") + " but a programming error throws " + type.getSimpleName()
        + " at once, never through the future");
  }

  /** Checks that {@code call} returns a future that fails with {@code kind}, and does not throw. */
  private void failsLater(Kind kind, String what, Supplier<CompletableFuture<?>> call) {
    CompletableFuture<?> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      throw new AssertionError(what + " threw " + e + " but a store error arrives as a failed future", e);
    }
    try {
      sut().await(what, f);
    } catch (KVStoreException e) {
      assertThat(e.kind()).as(what).isEqualTo(kind);
      return;
    }
    throw new AssertionError(what + " succeeded but must fail with " + kind);
  }
}
