package io.tilekv.store.hbase;

import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.store.hbase.internal.HBaseFaults;
import java.time.Duration;
import java.util.Optional;

/** Clients of one HBase cluster for the conformance kit. */
public final class HBaseFixture implements StoreFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final String uri;
  private final HBaseFaults faults = new HBaseFaults();

  public HBaseFixture(String clusterUri) {
    this.uri = withOption(clusterUri, "timeout", TIMEOUT.toSeconds() + "s");
  }

  /** {@code uri} with {@code name=value} added unless the URI sets that option already. */
  static String withOption(String uri, String name, String value) {
    int q = uri.indexOf('?');
    if (q >= 0 && ("&" + uri.substring(q + 1)).contains("&" + name + "=")) {
      return uri;
    }
    return uri + (q >= 0 ? "&" : "?") + name + "=" + value;
  }

  @Override
  public KVStore open() {
    return faults.attach(KVStores.open(uri));
  }

  /** A server keeps its data; every {@link #open()} makes its own connection, so reopening needs nothing. */
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public Optional<Faults> faults() {
    return Optional.of(faults);
  }

  /** A ZooKeeper port on 127.0.0.1 where nothing listens, with a 2 s timeout. */
  @Override
  public Optional<KVStore> openUnreachable() {
    return Optional.of(KVStores.open("hbase://127.0.0.1:" + StoreFixture.freePort() + "?timeout=2s"));
  }

  @Override
  public Duration operationTimeout() {
    return TIMEOUT;
  }

  /** HBase checks a cell's TTL on every read against the region server's clock (here the same host's). */
  @Override
  public TimeControl time() {
    return TimeControl.wallClock(Duration.ofMillis(500), Duration.ofMillis(200));
  }
}
