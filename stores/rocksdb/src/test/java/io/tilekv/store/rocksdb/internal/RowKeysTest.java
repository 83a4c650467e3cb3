package io.tilekv.store.rocksdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KeyLayout;
import io.tilekv.spi.Key;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowKeysTest {

  @Test
  void rowKeysRoundTripAndSortLikeKeysWithinAPartition() {
    SplittableRandom random = new SplittableRandom(42);
    long[] interesting = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
    for (int i = 0; i < 5_000; i++) {
      byte[] partition = new byte[random.nextInt(i % 50 == 0 ? 300 : 4)];
      random.nextBytes(partition);
      long a = i % 3 == 0 ? interesting[random.nextInt(5)] : random.nextLong();
      long b = i % 5 == 0 ? interesting[random.nextInt(5)] : random.nextLong();
      Key ka = Key.of(partition, a);
      Key kb = Key.of(partition, b);
      assertThat(RowKeys.decode(RowKeys.encode(ka))).isEqualTo(ka);
      assertThat(Integer.signum(Arrays.compareUnsigned(RowKeys.encode(ka), RowKeys.encode(kb))))
          .isEqualTo(Integer.signum(Long.compare(a, b)));
      // Same technique as the SPI's flat layout: the row key is its suffix after the dataset part.
      byte[] flat = KeyLayout.pointKey("tiles", ka);
      byte[] row = RowKeys.encode(ka);
      assertThat(Arrays.copyOfRange(flat, flat.length - row.length, flat.length)).isEqualTo(row);
    }
  }

  @Test
  void partitionsThatArePrefixesOfEachOtherDoNotInterleave() {
    byte[] a = RowKeys.encode(Key.of(new byte[] {'a'}, Long.MAX_VALUE));
    byte[] ab = RowKeys.encode(Key.of(new byte[] {'a', 'b'}, Long.MIN_VALUE));
    byte[] aLow = RowKeys.encode(Key.of(new byte[] {'a'}, Long.MIN_VALUE));
    assertThat(Arrays.compareUnsigned(aLow, a)).isNegative();
    assertThat(Arrays.compareUnsigned(a, ab)).isNegative(); // all of 'a' before all of 'ab'
  }

  @Test
  void storedValuesKeepPayloadAndExpiryAndRefuseUnknownHeaders() {
    byte[] payload = {0, 1, (byte) 0xff};
    byte[] plain = StoredValues.encode(StoredValues.NEVER, payload);
    byte[] expiring = StoredValues.encode(1_000, payload);
    assertThat(StoredValues.payload(plain)).isEqualTo(payload);
    assertThat(StoredValues.payload(expiring)).isEqualTo(payload);
    assertThat(StoredValues.payload(StoredValues.encode(5, new byte[0]))).isEmpty();
    assertThat(StoredValues.liveAt(expiring, 999)).isTrue();
    assertThat(StoredValues.liveAt(expiring, 1_000)).isFalse();
    assertThat(StoredValues.liveAt(plain, Long.MAX_VALUE - 1)).isTrue();
    assertThatThrownBy(() -> StoredValues.payload(new byte[] {7, 1})).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RowKeys.decode(new byte[] {5, 1})).isInstanceOf(IllegalArgumentException.class);
  }
}
