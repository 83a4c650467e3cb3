package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The flat key layout of point stores: round trip, injectivity, prefixes and order. */
class KeyLayoutTest {

  record Addressed(String dataset, Key key) {}

  @Property(seed = "11", tries = 1000)
  void aPointKeyParsesBackToItsDatasetAndKey(@ForAll("addresses") Addressed a) {
    byte[] flat = KeyLayout.pointKey(a.dataset(), a.key());
    assertThat(KeyLayout.parsePointKey(flat)).isEqualTo(a.key());
    assertThat(KeyLayout.datasetOf(flat)).isEqualTo(a.dataset());
    assertThat(KeyLayout.scanBound(a.dataset(), a.key().partition(), a.key().sort())).isEqualTo(flat);
  }

  @Property(seed = "12", tries = 3000)
  void twoAddressesShareAPointKeyOnlyWhenEqual(@ForAll("addresses") Addressed a, @ForAll("addresses") Addressed b) {
    boolean sameBytes = Arrays.equals(KeyLayout.pointKey(a.dataset(), a.key()), KeyLayout.pointKey(b.dataset(), b.key()));
    assertThat(sameBytes).as("%s vs %s", a, b).isEqualTo(a.equals(b));
  }

  @Property(seed = "13", tries = 3000)
  void thePartitionPrefixStartsExactlyTheKeysOfThatPartition(@ForAll("addresses") Addressed a,
      @ForAll("addresses") Addressed b) {
    byte[] prefix = KeyLayout.partitionPrefix(a.dataset(), a.key().partition());
    byte[] other = KeyLayout.pointKey(b.dataset(), b.key());
    boolean samePartition = a.dataset().equals(b.dataset()) && a.key().hasPartition(b.key().partition());
    assertThat(startsWith(other, prefix)).as("%s vs %s", a, b).isEqualTo(samePartition);
  }

  @Property(seed = "14", tries = 2000)
  void withinAPartitionUnsignedByteOrderIsSignedSortOrder(@ForAll("addresses") Addressed a,
      @ForAll("sorts") long otherSort) {
    Key b = Key.of(a.key().partition(), otherSort);
    int bytes = Arrays.compareUnsigned(KeyLayout.pointKey(a.dataset(), a.key()), KeyLayout.pointKey(a.dataset(), b));
    assertThat(Integer.signum(bytes)).isEqualTo(Long.signum(Long.compare(a.key().sort(), otherSort)));
    assertThat(Integer.signum(a.key().compareTo(b))).isEqualTo(Integer.signum(bytes));
  }

  @Property(seed = "16", tries = 2000)
  void aRowKeyParsesBackIsInjectiveAndOrdersBySortWithinItsPartition(@ForAll("addresses") Addressed a,
      @ForAll("addresses") Addressed b, @ForAll("sorts") long otherSort) {
    for (int reserved : new int[] {0, 1, 3}) {
      byte[] row = KeyLayout.rowKey(a.key(), a.key().sort(), reserved);
      assertThat(KeyLayout.parseRowKey(row, reserved)).isEqualTo(a.key());
      boolean sameBytes = Arrays.equals(row, KeyLayout.rowKey(b.key(), b.key().sort(), reserved));
      assertThat(sameBytes).isEqualTo(a.key().equals(b.key()));
      int bytes = Arrays.compareUnsigned(row, KeyLayout.rowKey(a.key(), otherSort, reserved));
      assertThat(Integer.signum(bytes)).isEqualTo(Long.signum(Long.compare(a.key().sort(), otherSort)));
    }
    assertThatThrownBy(() -> KeyLayout.parseRowKey(new byte[] {5, 1}, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(seed = "15", tries = 2000)
  void garbageFailsToParseWithIllegalArgumentOnly(@ForAll byte[] flat) {
    try {
      Key k = KeyLayout.parsePointKey(flat);
      assertThat(k.partitionLength()).isLessThan(flat.length);
      assertThat(KeyLayout.datasetOf(flat)).isNotNull();
    } catch (IllegalArgumentException expected) {
      // the only acceptable failure
    }
  }

  @Example
  void partitionsThatArePrefixesOfEachOtherStayApart() {
    byte[] ab = KeyLayout.pointKey("tiles", Key.of(new byte[] {'a', 'b'}, 0));
    assertThat(startsWith(ab, KeyLayout.partitionPrefix("tiles", new byte[] {'a'}))).isFalse();
    assertThat(startsWith(ab, KeyLayout.partitionPrefix("tile", new byte[] {'s', 1, 'a', 'b'}))).isFalse();
  }

  @Provide
  Arbitrary<Addressed> addresses() {
    Arbitrary<String> dataset = Arbitraries.of("tiles", "tiles2", "ice_cream", "a.b-c");
    Arbitrary<byte[]> partition = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.of(new byte[0], new byte[] {0}, new byte[] {'a'},
            new byte[] {'a', 'b'}, new byte[] {(byte) 0xff}, new byte[] {5, 't', 'i'}).map(byte[]::clone)),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
    return Combinators.combine(dataset, partition, sorts()).as((d, p, s) -> new Addressed(d, Key.of(p, s)));
  }

  @Provide
  Arbitrary<Long> sorts() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE, -300_000L, 300_000L)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs()));
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Example
  void parsingATruncatedKeyFailsWithIllegalArgument() {
    byte[] flat = KeyLayout.pointKey("tiles", Key.of(new byte[] {1, 2, 3}, 42));
    for (int cut = 0; cut < flat.length; cut++) {
      byte[] prefix = Arrays.copyOf(flat, cut);
      assertThatThrownBy(() -> KeyLayout.parsePointKey(prefix)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
