package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * Decoding what is not a whole IR (a cut-off tile, garbage, a flipped byte) ends in an
 * IOException, never in another exception or an outsized allocation, for every operation.
 */
class DecodeRobustnessTest {
  private static final long SEED = 20261121L;

  /** A non-trivial IR of each case, built from seeded events. */
  private static List<Object[]> samples() {
    Random random = new Random(SEED);
    List<Object[]> out = new ArrayList<>();
    for (Case c : Case.all()) {
      Agg agg = c.agg();
      List<Ev> events = Gen.events(c).list().ofMinSize(1).ofMaxSize(40)
          .generator(1000).next(random).value();
      out.add(new Object[] {c, agg, MergeProperties.irOf(agg, events)});
      out.add(new Object[] {c, agg, agg.aggregator.init()});
    }
    return out;
  }

  @Example
  void everyStrictPrefixOfAnEncodedIrIsRejectedWithIoException() {
    for (Object[] sample : samples()) {
      Agg agg = (Agg) sample[1];
      byte[] bytes = agg.encode(sample[2]);
      for (int len = 0; len < bytes.length; len++) {
        byte[] prefix = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> agg.decode(prefix))
            .as("%s cut to %d of %d bytes", sample[0], len, bytes.length)
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Example
  void randomGarbageEitherDecodesOrIsRejectedWithIoException() {
    Random random = new Random(SEED);
    for (Object[] sample : samples()) {
      Agg agg = (Agg) sample[1];
      for (int i = 0; i < 200; i++) {
        byte[] garbage = new byte[random.nextInt(64)];
        random.nextBytes(garbage);
        decodeOrIoException(sample[0], agg, garbage);
      }
    }
  }

  @Example
  void corruptedBytesOfAValidIrEitherDecodeOrAreRejectedWithIoException() {
    Random random = new Random(SEED + 1);
    for (Object[] sample : samples()) {
      Agg agg = (Agg) sample[1];
      byte[] bytes = agg.encode(sample[2]);
      for (int pos = 0; pos < bytes.length; pos++) {
        for (int flip : new int[] {0x01, 0x80, 0xFF, 1 + random.nextInt(254)}) {
          byte[] corrupted = bytes.clone();
          corrupted[pos] ^= (byte) flip;
          decodeOrIoException(sample[0], agg, corrupted);
        }
      }
    }
  }

  @Example
  void flagsOutsideZeroAndOneAreRejected() {
    Agg last = Agg.of(Operation.LAST, io.tilekv.tiling.ColumnType.LONG);
    assertThatThrownBy(() -> last.decode(new byte[] {2, 0, 0}))
        .isInstanceOf(IOException.class).hasMessageContaining("flag");
  }

  @Example
  void entriesOutOfRankOrderAreRejected() {
    Agg top = Agg.of(Operation.TOP_K, io.tilekv.tiling.ColumnType.LONG);
    // Two entries, ascending (2, then 4 as zigzag varints): TOP_K keeps them descending.
    assertThatThrownBy(() -> top.decode(new byte[] {2, 4, 8}))
        .isInstanceOf(IOException.class).hasMessageContaining("order");
  }

  /**
   * A decode that succeeds must give an IR that finalizes; anything thrown must be an IOException.
   * (Some garbage is a valid encoding: any byte is a valid COUNT varint.)
   */
  private static void decodeOrIoException(Object context, Agg agg, byte[] bytes) {
    Object ir;
    try {
      ir = agg.decode(bytes);
    } catch (IOException expected) {
      return;
    } catch (RuntimeException | Error e) {
      fail(context + " threw " + e + " decoding " + Arrays.toString(bytes), e);
      return;
    }
    assertThat(ir).as("%s", context).isNotNull();
  }
}
