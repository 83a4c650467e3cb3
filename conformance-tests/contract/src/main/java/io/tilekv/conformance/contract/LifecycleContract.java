package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Closing (later calls fail with CLOSED, calls in flight complete or fail with CLOSED), and failing
 * in time with a typed error when the server cannot be reached.
 */
public interface LifecycleContract extends ContractPart {

  @Test
  default void everyOperationOfAClosedClientFailsWithClosed() {
    Key k = key("closed", 1);
    sut().put(Entry.of(k, utf8("before close")));
    KVStore client = sut().openClient();
    client.close();
    String ds = sut().dataset();

    sut().expectError(client, Kind.CLOSED, "createDataset after close", () -> client.createDataset(ds));
    sut().expectError(client, Kind.CLOSED, "multiGet after close", () -> client.multiGet(ds, List.of(k)));
    sut().expectError(client, Kind.CLOSED, "multiPut after close",
        () -> client.multiPut(ds, List.of(Entry.of(k, utf8("after close")))));
    if (sut().supports(Capability.RANGE_SCAN)) {
      sut().expectError(client, Kind.CLOSED, "scan after close", () -> client.scan(ds, utf8("closed"), 0, 10));
    } else {
      KVStoreException e = sut().failureOf("scan after close", () -> client.scan(ds, utf8("closed"), 0, 10));
      assertThat(e.kind()).as("scan after close on a store without RANGE_SCAN").isIn(Kind.CLOSED, Kind.UNSUPPORTED);
    }

    // Closing one client leaves the store and its other clients working, and the write above failed.
    assertReads(List.of(k), sut().get(List.of(k)), x -> utf8("before close"));
  }

  @Test
  default void operationsInFlightAtCloseCompleteOrFailWithClosed() {
    KVStore client = sut().openClient();
    String ds = sut().dataset();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Key k = key("in-flight", i);
      inFlight.add(client.multiPut(ds, List.of(Entry.of(k, utf8("v" + i)))));
      inFlight.add(client.multiGet(ds, List.of(k)));
    }
    client.close();

    for (int i = 0; i < inFlight.size(); i++) {
      CompletableFuture<?> f = inFlight.get(i);
      String what = (i % 2 == 0 ? "multiPut " : "multiGet ") + (i / 2) + " in flight at close";
      try {
        sut().await(what, f);
      } catch (KVStoreException e) {
        assertThat(e.kind()).as(what + " failed").isEqualTo(Kind.CLOSED);
        assertThat(e.storeName()).as("store name of the error").isEqualTo(client.name());
      }
    }
  }

  @Test
  default void closingTwiceIsHarmless() {
    KVStore client = sut().openClient();
    client.close();
    client.close();
    sut().expectError(client, Kind.CLOSED, "multiGet after two closes",
        () -> client.multiGet(sut().dataset(), List.of(key("closed", 1))));
  }

  @Test
  default void unreachableServerFailsWithUnavailableOrTimeoutInTime() {
    Duration limit = sut().awaitLimit();
    long start = System.nanoTime();
    Optional<KVStore> unreachable;
    try {
      unreachable = sut().fixture().openUnreachable();
    } catch (KVStoreException e) {
      // Connecting eagerly at open is allowed; the error must still be typed and in time.
      assertThat(e.kind()).as("error opening an unreachable store").isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
      assertThat(e.storeName()).as("store name of the error").isNotBlank();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail").isLessThanOrEqualTo(limit);
      return;
    }
    assumeTrue(unreachable.isPresent(), "the fixture gives no unreachable endpoint (embedded stores have none)");

    try (KVStore client = unreachable.get()) {
      for (String op : List.of("multiGet", "multiPut")) {
        long opStart = System.nanoTime();
        KVStoreException e = sut().failureOf(op + " on an unreachable server", () -> op.equals("multiGet")
            ? client.multiGet(sut().dataset(), List.of(key("unreachable", 1)))
            : client.multiPut(sut().dataset(), List.of(Entry.of(key("unreachable", 1), utf8("x")))));
        assertThat(e.kind()).as(op + " on an unreachable server").isIn(Kind.UNAVAILABLE, Kind.TIMEOUT);
        assertThat(e.storeName()).as("store name of the error").isEqualTo(client.name());
        assertThat(Duration.ofNanos(System.nanoTime() - opStart)).as(op + ": time to fail").isLessThanOrEqualTo(limit);
      }
    }
  }
}
