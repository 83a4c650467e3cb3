package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TileKeysTest {

  @Property(seed = "21", tries = 500)
  void aTileKeyGivesBackItsEntityKeySizeAndStart(@ForAll byte[] entity,
      @ForAll @LongRange(min = 1, max = 86_400_000L * 400) long size, @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long n) {
    Key key = TileKeys.key(entity, size, n * size);
    assertThat(TileKeys.entityKey(key)).isEqualTo(entity);
    assertThat(TileKeys.tileSize(key)).isEqualTo(size);
    assertThat(key.sort()).isEqualTo(n * size);
    assertThat(key.partition()).isEqualTo(TileKeys.partition(entity, size));
  }

  @Test
  void tilesOfOneEntityAndSizeShareAPartitionAndOtherSizesDoNot() {
    byte[] entity = EntityKey.of("customer-1").bytes();
    assertThat(TileKeys.key(entity, 300_000, 0).partition()).isEqualTo(TileKeys.key(entity, 300_000, 600_000).partition());
    assertThat(TileKeys.key(entity, 300_000, 0).partition()).isNotEqualTo(TileKeys.key(entity, 3_600_000, 0).partition());
  }

  @Test
  void aStartOffTheTileGridOrANonPositiveSizeIsRefused() {
    assertThatThrownBy(() -> TileKeys.key(new byte[0], 300_000, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileKeys.key(new byte[0], 300_000, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileKeys.key(new byte[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileKeys.partition(new byte[0], -5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(TileKeys.key(new byte[0], 300_000, -300_000).sort()).isEqualTo(-300_000);
  }

  @Test
  void aPartitionTooShortToHoldATileSizeIsNotATileKey() {
    assertThatThrownBy(() -> TileKeys.tileSize(Key.of(new byte[7], 0))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileKeys.entityKey(Key.of(new byte[0], 0))).isInstanceOf(IllegalArgumentException.class);
  }
}
