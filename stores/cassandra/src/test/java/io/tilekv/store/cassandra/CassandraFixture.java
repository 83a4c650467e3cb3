package io.tilekv.store.cassandra;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.store.cassandra.servers.CassandraServer;
import java.time.Duration;
import java.util.Optional;

/** Clients of the test node ({@link CassandraServer}) for the conformance kits, contract and end-to-end. */
public final class CassandraFixture implements StoreFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Override
  public KVStore open() {
    return KVStores.open(CassandraServer.uri() + "&timeout=" + TIMEOUT.toSeconds() + "s");
  }

  /** A 127.0.0.1 port where nothing listens, with a 1 s timeout. */
  @Override
  public Optional<KVStore> openUnreachable() {
    return Optional.of(KVStores.open("cassandra://127.0.0.1:" + StoreFixture.freePort() + "?timeout=1s"));
  }

  @Override
  public Duration operationTimeout() {
    return TIMEOUT;
  }

  /** Cassandra counts TTLs in seconds: an entry is gone within a second of its TTL. */
  @Override
  public TimeControl time() {
    return TimeControl.wallClock(Duration.ofMillis(1_100));
  }
}
