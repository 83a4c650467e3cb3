package io.tilekv.store.dynamodb.servers;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.DynamoDbOptions;
import io.tilekv.store.dynamodb.internal.DynamoDbKVStore;
import io.tilekv.store.dynamodb.internal.DynamoDbSettings;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;

/**
 * Clients of the DynamoDB endpoint under test ({@link Dynalite#uri()}) for the conformance kit,
 * contract and end-to-end, with the URI's settings and a 10 s timeout. Start the server with
 * {@code @ExtendWith(Dynalite.class)} before constructing it. Every client's SDK client can be
 * made to fail reads or writes of chosen keys ({@link #faults()}). The provider's own path
 * ({@code KVStores.open}) is covered by the settings tests and the unreachable-endpoint check.
 */
public final class DynamoDbFixture implements StoreFixture {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final DynamoDbSettings settings;
  private final KeyFaults faults;

  public DynamoDbFixture() {
    Map<String, String> options = Dynalite.options(Dynalite.uri());
    options.put("timeout", TIMEOUT.toSeconds() + "s");
    settings = DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
    faults = new KeyFaults(settings.tablePrefix());
  }

  /** A store of the URI's settings whose SDK client goes through {@link #faults()}. */
  @Override
  public KVStore open() {
    return DynamoDbKVStore.open(settings, faults::wrap, Clock.systemUTC());
  }

  /** The server keeps the data whatever the clients do. */
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public Optional<Faults> faults() {
    return Optional.of(faults);
  }

  /** A 127.0.0.1 port where nothing listens, with a 1s timeout. */
  @Override
  public Optional<KVStore> openUnreachable() {
    return Optional.of(KVStores.open("dynamodb://127.0.0.1:" + StoreFixture.freePort()
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
    return TimeControl.wallClock(Duration.ofSeconds(1), Duration.ofMillis(100));
  }
}
