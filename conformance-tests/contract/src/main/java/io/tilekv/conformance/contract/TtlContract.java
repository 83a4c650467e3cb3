package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
