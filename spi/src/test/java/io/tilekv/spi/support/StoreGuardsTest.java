package io.tilekv.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StoreGuardsTest {

  @Test
  void aFutureThatDoesNotCompleteInTimeFailsWithTimeoutNamingStoreAndOperation() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> bounded = StoreGuards.within(never, Duration.ofMillis(50), "redis", "multiGet");
    KVStoreException e = KVStoreException.unwrap(catchFailure(bounded));
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.storeName()).isEqualTo("redis");
    assertThat(e.getMessage()).contains("multiGet");
    assertThat(never).isCancelled();
  }

  @Test
  void valuesAndStoreErrorsPassThroughAndOtherErrorsBecomeInternal() {
    assertThat(StoreGuards.within(CompletableFuture.completedFuture("v"), Duration.ofSeconds(1), "s", "op").join())
        .isEqualTo("v");
    KVStoreException unavailable = new KVStoreException(Kind.UNAVAILABLE, "s", "down");
    assertThat(KVStoreException.unwrap(catchFailure(StoreGuards.within(CompletableFuture.failedFuture(unavailable),
        Duration.ofSeconds(1), "s", "op")))).isSameAs(unavailable);
    KVStoreException internal = KVStoreException.unwrap(catchFailure(StoreGuards.within(
        CompletableFuture.failedFuture(new IllegalStateException("boom")), Duration.ofSeconds(1), "s", "op")));
    assertThat(internal.kind()).isEqualTo(Kind.INTERNAL);
    assertThat(internal.getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void datasetNamesOutsideTheAllowedAlphabetOrLengthAreRefused() {
    assertThat(StoreGuards.dataset("ice_cream.v2-a")).isEqualTo("ice_cream.v2-a");
    for (String bad : new String[] {"ab", "x".repeat(65), "has space", "colon:x", "ümlaut"}) {
      assertThatThrownBy(() -> StoreGuards.dataset(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void writesAreCheckedForTtlSupportAndSizesBeforeAnythingIsSent() {
    StoreCapabilities noTtl = StoreCapabilities.builder().maxValueBytes(4).maxKeyBytes(2).build();
    Key k = Key.of(new byte[] {1}, 0);
    assertThat(StoreGuards.<Void>checkPut("s", noTtl, List.of(Entry.of(k, new byte[4])))).isNull();
    assertKind(StoreGuards.checkPut("s", noTtl, List.of(Entry.of(k, new byte[1], Duration.ofSeconds(1)))), Kind.UNSUPPORTED);
    assertKind(StoreGuards.checkPut("s", noTtl.toBuilder().supports(Capability.TTL).build(),
        List.of(Entry.of(k, new byte[5]))), Kind.VALUE_TOO_LARGE);
    assertKind(StoreGuards.checkPut("s", noTtl, List.of(Entry.of(Key.of(new byte[3], 0), new byte[1]))), Kind.VALUE_TOO_LARGE);
    assertThat(StoreGuards.closed("s").kind()).isEqualTo(Kind.CLOSED);
  }

  private static void assertKind(CompletableFuture<?> f, Kind kind) {
    KVStoreException e = KVStoreException.unwrap(catchFailure(f));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.storeName()).isEqualTo("s");
  }

  private static Throwable catchFailure(CompletableFuture<?> f) {
    assertThat(f).isNotNull();
    try {
      f.join();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
