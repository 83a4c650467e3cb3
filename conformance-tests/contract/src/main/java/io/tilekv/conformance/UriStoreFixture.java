package io.tilekv.conformance;

import static java.util.Objects.requireNonNull;

import io.tilekv.conformance.internal.SharedClient;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A fixture that opens clients with {@link KVStores#open(String)}, for running the kit against a
 * store named by URI (the {@code conformance} command does this).
 *
 * <p>Every client must see the same data. That holds for stores behind a server, but
 * {@code memory:} opens a new, empty store each time and {@code rocksdb:} locks its directory to
 * one open instance. For those schemes (and for any store when asked to share) this fixture opens
 * one instance and hands out clients of it: closing a client closes only that client, and
 * {@link #close()} releases the instance. The across-clients checks then check the adapter's own
 * thread safety only, not a second connection.
 *
 * <p>The kit's reopen check runs for stores opened per client and for {@code rocksdb:}: it closes
 * every client and the shared instance, then opens the store again.
 *
 * <p>Providers are looked up with the thread context class loader at the time of each open.
 */
public final class UriStoreFixture implements StoreFixture {
  /** The system property that names the store for {@link #fromSystemProperty()}. */
  public static final String STORE_PROPERTY = "tilekv.conformance.store";
  /** The system property that, set to {@code true}, makes {@link #fromSystemProperty()} share one instance. */
  public static final String SHARE_PROPERTY = "tilekv.conformance.share-instance";
  /** The system property with the URI of a client whose server does not answer (optional). */
  public static final String UNREACHABLE_PROPERTY = "tilekv.conformance.unreachable";
  /** Schemes whose instances cannot be opened twice with the same data. */
  private static final Set<String> SHARED_SCHEMES = Set.of("memory", "rocksdb");

  private final String uri;
  private final String scheme;
  private final boolean shareOneInstance;
  private final Optional<String> unreachableUri;
  private KVStore shared;

  /** Shares one instance for the schemes that need it, opens a store per client otherwise. */
  public UriStoreFixture(String uri) {
    this(uri, false);
  }

  /** With {@code shareOneInstance}, every client is a client of one instance, whatever the scheme. */
  public UriStoreFixture(String uri, boolean shareOneInstance) {
    this(uri, shareOneInstance, Optional.empty());
  }

  /**
   * @param unreachableUri a URI of the same kind of store at an endpoint where nothing answers, with
   *     a short timeout (e.g. {@code redis://127.0.0.1:1?timeout=1s}), for the unreachable-server
   *     check; without it that check is skipped
   */
  public UriStoreFixture(String uri, boolean shareOneInstance, Optional<String> unreachableUri) {
    this.uri = requireNonNull(uri, "uri is null");
    this.unreachableUri = requireNonNull(unreachableUri, "unreachableUri is null");
    int colon = uri.indexOf(':');
    this.scheme = colon < 0 ? "" : uri.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    this.shareOneInstance = shareOneInstance || SHARED_SCHEMES.contains(scheme);
  }

  /**
   * The fixture for the URI in the system property {@value #STORE_PROPERTY}, sharing one instance
   * when {@value #SHARE_PROPERTY} is {@code true}; the conformance runner sets both for the test
   * classes it runs.
   *
   * @throws IllegalStateException if the property is not set
   */
  public static UriStoreFixture fromSystemProperty() {
    String uri = System.getProperty(STORE_PROPERTY);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException("set the system property " + STORE_PROPERTY
          + " to the URI of the store under test, e.g. -D" + STORE_PROPERTY + "=memory:");
    }
    String unreachable = System.getProperty(UNREACHABLE_PROPERTY, "");
    return new UriStoreFixture(uri, Boolean.getBoolean(SHARE_PROPERTY),
        unreachable.isBlank() ? Optional.empty() : Optional.of(unreachable));
  }

  public String uri() {
    return uri;
  }

  @Override
  public synchronized KVStore open() {
    if (!shareOneInstance) {
      return KVStores.open(uri);
    }
    if (shared == null) {
      shared = KVStores.open(uri);
    }
    return new SharedClient(shared);
  }

  /**
   * A store opened per client (behind a server) keeps its data when its clients close; of the
   * shared instances only {@code rocksdb:} does ({@code memory:} and unknown embedded stores are
   * not assumed to).
   */
  @Override
  public boolean persistent() {
    return !shareOneInstance || scheme.equals("rocksdb");
  }

  /** Closes the shared instance, if any, so that the next {@link #open()} opens the store again. */
  @Override
  public synchronized void reopen() {
    close();
  }

  /**
   * The embedded stores check expiry on every read, so their TTLs are over as soon as they have
   * passed: short sleeps keep the TTL checks quick. Other stores get the default wall clock.
   */
  @Override
  public TimeControl time() {
    return SHARED_SCHEMES.contains(scheme)
        ? TimeControl.wallClock(Duration.ofMillis(200), Duration.ofMillis(50))
        : StoreFixture.super.time();
  }

  @Override
  public Optional<KVStore> openUnreachable() {
    return unreachableUri.map(KVStores::open);
  }

  @Override
  public synchronized void close() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  @Override
  public String toString() {
    return "UriStoreFixture[" + uri + "]";
  }
}
