package io.tilekv.writer.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.writer.sink.Tile;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class TileBufferTest {
  static Tile tile(int key, long start, int version) {
    return new Tile(new byte[] {(byte) key}, 300_000, start, new byte[] {(byte) version}, 0);
  }

  static RequestEntryWrapper<Tile> wrap(Tile t) {
    return new RequestEntryWrapper<>(t, t.sizeInBytes());
  }

  static int version(RequestEntryWrapper<Tile> w) {
    return w.getRequestEntry().value()[0];
  }

  @Test
  void aNewerVersionOfABufferedTileReplacesItInPlace() {
    TileBuffer b = new TileBuffer();
    b.add(wrap(tile(1, 0, 1)), false);
    b.add(wrap(tile(2, 0, 1)), false);
    b.add(wrap(tile(1, 0, 2)), false);

    assertThat(b.size()).isEqualTo(2);
    assertThat(version(b.poll())).isEqualTo(2);
    assertThat(b.poll().getRequestEntry().entityKey()).containsExactly(2);
    assertThat(b.superseded()).isEqualTo(1);
    assertThat(b.totalSizeInBytes()).isZero();
  }

  @Test
  void aRetryIsDroppedWhenANewerVersionIsBufferedAndGoesFirstOtherwise() {
    TileBuffer b = new TileBuffer();
    b.add(wrap(tile(1, 0, 2)), false);
    b.add(wrap(tile(1, 0, 1)), true);
    b.add(wrap(tile(3, 0, 1)), true);

    assertThat(b.size()).isEqualTo(2);
    assertThat(b.poll().getRequestEntry().entityKey()).containsExactly(3);
    assertThat(version(b.poll())).isEqualTo(2);
  }

  @Test
  void aTileWhoseKeyIsInFlightWaitsUntilThatRequestEnds() {
    TileBuffer b = new TileBuffer();
    Tile inFlight = tile(1, 0, 1);
    b.markInFlight(List.of(inFlight));
    b.add(wrap(tile(1, 0, 2)), false);
    b.add(wrap(tile(2, 0, 1)), false);

    assertThat(b.poll().getRequestEntry().entityKey()).containsExactly(2);
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.parkedCount()).isEqualTo(1);
    assertThat(b.getBufferedState()).hasSize(1);

    b.add(wrap(tile(1, 0, 3)), false);
    assertThat(b.release(List.of(inFlight))).isTrue();
    RequestEntryWrapper<Tile> next = b.poll();
    assertThat(version(next)).isEqualTo(3);
    assertThat(b.isEmpty()).isTrue();
  }
}
