package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-entry TTL, checked both ways: a store that declares {@link Capability#TTL} expires entries
 * on time and only those; a store that does not refuses a TTL entry with UNSUPPORTED.
 */
public interface TtlContract extends ContractPart {

  /** The TTL of the readable-until check, in multiples of the fixture's short TTL. */
  int SHORT_TTLS_PER_TTL = 4;

  /** The readable-until check advances time by this fraction of the short TTL at a time. */
  int STEPS_PER_SHORT_TTL = 4;

  @Test
  default void expiredEntriesReadAsEmptyWhileOthersStay() throws InterruptedException {
    assumeTrue(sut().supports(Capability.TTL), "the store does not declare TTL (the refusal is checked instead)");
    Duration shortTtl = sut().fixture().time().shortTtl();
    Duration longTtl = Duration.ofDays(1);
    Key expiring = key("ttl", 1);
    Key permanent = key("ttl", 2);
    Key longLived = key("ttl", 3);
    Key madePermanent = key("ttl", 4);
    Key madeExpiring = key("ttl", 5);
    sut().put(Entry.of(expiring, utf8("expiring"), shortTtl), Entry.of(permanent, utf8("permanent")),
        Entry.of(longLived, utf8("long-lived"), longTtl),
        Entry.of(madePermanent, utf8("first"), shortTtl), Entry.of(madeExpiring, utf8("first")));
    // A later write replaces the whole entry, its TTL (or absence of one) included.
    sut().put(Entry.of(madePermanent, utf8("second")), Entry.of(madeExpiring, utf8("second"), shortTtl));

    sut().fixture().time().advance(shortTtl.plus(sut().capabilities().ttlResolution()));

    Map<Key, byte[]> staying = new HashMap<>();
    staying.put(permanent, utf8("permanent"));
    staying.put(longLived, utf8("long-lived"));
    staying.put(madePermanent, utf8("second"));
    List<Key> request = List.of(expiring, permanent, longLived, madePermanent, madeExpiring);
    assertReads(request, sut().get(request), staying::get);

    if (sut().supports(Capability.RANGE_SCAN)) {
      assertThat(sut().scan(utf8("ttl"), Long.MIN_VALUE, Long.MAX_VALUE))
          .as("a scan after expiry returns only live entries")
          .extracting(e -> e.key().sort()).containsExactly(2L, 3L, 4L);
    }
  }

  /**
   * The other direction of expiry: an entry is readable until its TTL has passed. The kit steps
   * time in quarters of {@code shortTtl} and reads while it can prove the TTL has not passed: the
   * time the control was asked to advance plus the real time elapsed since the write bounds the
   * store's elapsed time from above, whether the control advances a fake clock or sleeps. On a fake
   * clock the last read is at 15/16 of the TTL.
   */
  @Test
  default void ttlEntryStaysReadableUntilItsTtlHasPassed() throws InterruptedException {
    assumeTrue(sut().supports(Capability.TTL), "the store does not declare TTL (the refusal is checked instead)");
    StoreFixture.TimeControl time = sut().fixture().time();
    Duration ttl = time.shortTtl().multipliedBy(SHORT_TTLS_PER_TTL);
    Duration step = time.shortTtl().dividedBy(STEPS_PER_SHORT_TTL);
    step = step.isZero() ? Duration.ofMillis(1) : step;
    Key k = key("ttl-until", 1);
    byte[] partition = utf8("ttl-until");
    long start = System.nanoTime();
    sut().put(Entry.of(k, utf8("alive"), ttl));

    Duration advanced = Duration.ZERO;
    int checks = 0;
    while (true) {
      time.advance(step);
      advanced = advanced.plus(step);
      Duration bound = advanced.plus(Duration.ofNanos(System.nanoTime() - start));
      if (bound.compareTo(ttl) >= 0) {
        break;
      }
      String when = "at most " + bound.toMillis() + " ms after a write with a TTL of " + ttl.toMillis() + " ms";
      assertReads(List.of(k), sut().get(List.of(k)), x -> utf8("alive"));
      if (sut().supports(Capability.RANGE_SCAN)) {
        assertThat(sut().scan(partition, Long.MIN_VALUE, Long.MAX_VALUE)).as("scan " + when)
            .extracting(e -> e.key().sort()).containsExactly(1L);
      }
      checks++;
    }
    assertThat(checks).as("reads before the TTL passed (the time control overshoots a step of "
        + step + " by too much to check)").isPositive();

    Duration rest = ttl.minus(advanced);
    time.advance((rest.isNegative() ? Duration.ZERO : rest).plus(sut().capabilities().ttlResolution()));
    assertReads(List.of(k), sut().get(List.of(k)), x -> null);
  }

  @Test
  default void ttlEntryIsRefusedAsUnsupportedWhenTtlIsNotDeclared() {
    assumeFalse(sut().supports(Capability.TTL), "the store declares TTL (expiry is checked instead)");
    Key plain = key("no-ttl", 1);
    Key withTtl = key("no-ttl", 2);
    List<Entry> entries = List.of(Entry.of(plain, utf8("plain")), Entry.of(withTtl, utf8("ttl"), Duration.ofHours(1)));

    sut().expectError(sut().store(), Kind.UNSUPPORTED, "multiPut of an entry with a TTL",
        () -> sut().store().multiPut(sut().dataset(), entries));
    List<Key> request = List.of(plain, withTtl);
    assertReads(request, sut().get(request), k -> null);
  }
}
