package io.tilekv.store.dynamodb.servers;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

/**
 * Clients of the DynamoDB endpoint under test ({@link Dynalite#uri()}) for the conformance kit,
 * contract and end-to-end. Start the server with {@code @ExtendWith(Dynalite.class)}.
 */
public final class DynamoDbFixture implements StoreFixture {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Override
  public KVStore open() {
    return KVStores.open(Dynalite.withOptions(Dynalite.uri(), "timeout=" + TIMEOUT.toSeconds() + "s"));
  }

  /** A 127.0.0.1 port where nothing listens, with a 1s timeout. */
  @Override
  public Optional<KVStore> openUnreachable() {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(KVStores.open("dynamodb://127.0.0.1:" + port
        + "?region=us-east-1&access-key-id=local&secret-access-key=local&timeout=1s"));
  }

  @Override
  public Duration operationTimeout() {
    return TIMEOUT;
  }

  /**
   * Expiry is checked on every read against the client's clock, in whole seconds: the kit already
   * adds the declared one-second resolution, so a little slack suffices.
   */
  @Override
  public TimeControl time() {
    return new TimeControl() {
      @Override
      public void advance(Duration elapsed) throws InterruptedException {
        Thread.sleep(elapsed.toMillis() + 100);
      }

      @Override
      public Duration shortTtl() {
        return Duration.ofSeconds(1);
      }
    };
  }
}
