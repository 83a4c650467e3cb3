package io.tilekv.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStoreException.Kind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ErrorCausesTest {
  /** Kinds by message, as an adapter maps its client's exception classes. */
  private static final Map<String, Kind> KINDS = Map.of("auth", Kind.AUTHENTICATION, "busy", Kind.THROTTLED,
      "slow", Kind.TIMEOUT, "down", Kind.UNAVAILABLE, "bug", Kind.INTERNAL, "big", Kind.VALUE_TOO_LARGE);
  private static final Function<Throwable, Kind> KIND_OF = t -> KINDS.get(t.getMessage());

  private static Exception wrap(String message, Throwable... causes) {
    // Without causes, no cause is set at all, so that a test may still close a cycle with initCause.
    Exception e = causes.length > 0 ? new Exception(message, causes[0]) : new Exception(message);
    for (int i = 1; i < causes.length; i++) {
      e.addSuppressed(causes[i]);
    }
    return e;
  }

  @Test
  void aSpecificKindBeatsAGenericOneWhereverItIsFound() {
    assertThat(ErrorCauses.mostTelling(wrap("down", wrap("bug", wrap("slow"))), KIND_OF)).contains(Kind.TIMEOUT);
    assertThat(ErrorCauses.mostTelling(wrap("bug", wrap("down")), KIND_OF)).contains(Kind.UNAVAILABLE);
    assertThat(ErrorCauses.mostTelling(wrap("slow", wrap("?"), wrap("busy")), KIND_OF)).contains(Kind.THROTTLED);
    assertThat(ErrorCauses.mostTelling(wrap("busy", wrap("big")), KIND_OF)).contains(Kind.VALUE_TOO_LARGE);
    assertThat(ErrorCauses.mostTelling(wrap("big", wrap("auth")), KIND_OF)).contains(Kind.AUTHENTICATION);
  }

  @Test
  void nothingKnownIsEmptyForTheAdapterToDecide() {
    assertThat(ErrorCauses.mostTelling(new CompletionException(new IOException("?")), KIND_OF)).isEmpty();
  }

  @Test
  void errorsKeptApartFromTheCauseChainAreLookedAtAndCyclesEnd() {
    Exception perNode = wrap("down");
    Exception all = wrap("?");
    Exception first = wrap("?", all);
    all.initCause(first);
    assertThat(ErrorCauses.mostTelling(first, KIND_OF)).isEmpty();
    assertThat(ErrorCauses.mostTelling(first, KIND_OF, t -> t == all ? List.of(perNode, first) : List.of()))
        .contains(Kind.UNAVAILABLE);
  }

  @Test
  void theDescriptionNamesEveryCauseOnceAndStaysShort() {
    Exception root = new IllegalStateException("call failed", new IOException("Connection refused"));
    assertThat(ErrorCauses.describe(root)).isEqualTo("call failed: IOException Connection refused");

    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(ErrorCauses.describe(a)).isEqualTo("a: Exception b");

    String huge = "x".repeat(5_000);
    assertThat(ErrorCauses.describe(new Exception(huge))).hasSize(603).endsWith("...");
  }
}
