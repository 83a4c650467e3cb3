package io.tilekv.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.store.cassandra.servers.CassandraServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Credentials against a real node with PasswordAuthenticator (the local test node): a wrong
 * password is AUTHENTICATION within the timeout, is not retried, and never appears in what the
 * error says.
 */
@ExtendWith(CassandraServer.class)
class CassandraAuthenticationTest {
  private static final String WRONG = "Wr0ng-S3cret-Value";

  @Test
  void aWrongPasswordIsAnAuthenticationErrorWithinTheTimeoutThatNeverShowsThePassword() {
    assumeTrue(CassandraServer.checksPasswords(), "the node under test does not check passwords");
    String uri = CassandraServer.uri().replaceFirst("password=[^&]*", "password=" + WRONG) + "&timeout=10s";

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> {
      try (KVStore store = KVStores.open(uri)) {
        store.createDataset("auth_check").join();
      }
    });
    long millis = (System.nanoTime() - start) / 1_000_000;

    KVStoreException e = thrown instanceof KVStoreException k ? k
        : thrown != null && thrown.getCause() instanceof KVStoreException k ? k : null;
    assertThat(e).as("%s", thrown).isNotNull();
    assertThat(e.kind()).isEqualTo(KVStoreException.Kind.AUTHENTICATION);
    assertThat(e.retryable()).isFalse();
    assertThat(millis).isLessThan(10_000 + 2_000);
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).contains("username").doesNotContain(WRONG);
  }

  @Test
  void theRightPasswordOpensTheStore() {
    assumeTrue(CassandraServer.checksPasswords(), "the node under test does not check passwords");
    try (KVStore store = KVStores.open(CassandraServer.uri())) {
      store.createDataset("auth_check").join();
    }
  }
}
