package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyTest {

  @Test
  void keysAreEqualByPartitionContentAndSort() {
    assertThat(Key.of(new byte[] {1, 2}, 5)).isEqualTo(Key.of(new byte[] {1, 2}, 5))
        .hasSameHashCodeAs(Key.of(new byte[] {1, 2}, 5))
        .isNotEqualTo(Key.of(new byte[] {1, 2}, 6))
        .isNotEqualTo(Key.of(new byte[] {1, 2, 0}, 5));
  }

  @Test
  void aKeyDoesNotChangeWhenTheCallersArraysDo() {
    byte[] partition = {1, 2};
    Key key = Key.of(partition, 0);
    partition[0] = 9;
    key.partition()[1] = 9;
    assertThat(key.partition()).containsExactly(1, 2);
    assertThat(key.hasPartition(new byte[] {1, 2})).isTrue();
    assertThat(key.partitionLength()).isEqualTo(2);
  }

  @Test
  void keysOrderByUnsignedPartitionBytesThenBySignedSort() {
    assertThat(Key.of(new byte[] {(byte) 0x80}, 0)).isGreaterThan(Key.of(new byte[] {0x7f}, 0));
    assertThat(Key.of(new byte[] {1}, 0)).isGreaterThan(Key.of(new byte[] {}, Long.MAX_VALUE));
    assertThat(Key.of(new byte[] {1}, -1)).isLessThan(Key.of(new byte[] {1}, 0));
    assertThat(Key.of(new byte[] {1}, Long.MIN_VALUE)).isLessThan(Key.of(new byte[] {1}, Long.MAX_VALUE));
  }

  @Test
  void aNullPartitionIsRefused() {
    assertThatThrownBy(() -> Key.of(null, 0)).isInstanceOf(NullPointerException.class).hasMessageContaining("partition");
  }

  @Test
  void entriesCopyTheirValueAndAcceptOnlyPositiveTtls() {
    byte[] value = {1};
    Entry e = Entry.of(Key.of(new byte[0], 0), value);
    value[0] = 2;
    e.value()[0] = 3;
    assertThat(e.value()).containsExactly(1);
    assertThat(e.ttl()).isEmpty();
    assertThatThrownBy(() -> Entry.of(Key.of(new byte[0], 0), value, java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHugePartitionIsCutInToStringAndInStoreErrors() {
    Key huge = Key.of(new byte[1 << 20], 7);
    assertThat(huge.toString()).hasSizeLessThan(200).contains("...(1048576 bytes)").endsWith("/7]");
    KVStoreException e = new KVStoreException(KVStoreException.Kind.VALUE_TOO_LARGE, "s",
        "partition of " + huge + " is too large", null, java.util.List.of(huge));
    assertThat(e.getMessage()).hasSizeLessThan(300);
    assertThat(Key.of(new byte[] {1, 2}, 3)).hasToString("Key[0102/3]");
  }
}
