package io.tilekv.conformance;

import static java.util.Objects.requireNonNull;

import io.tilekv.conformance.internal.SharedClient;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.util.Locale;

/**
 * A fixture that opens clients with {@link KVStores#open(String)}, for running the kit against a
 * store named by URI (the {@code conformance} command does this).
 *
 * <p>Every client must see the same data. That holds for stores behind a server or a directory,
 * but {@code memory:} opens a new, empty store each time, so for the {@code memory} scheme this
 * fixture opens one instance and hands out clients of it; closing a client closes only that
 * client, and {@link #close()} releases the instance.
 *
 * <p>Providers are looked up with the thread context class loader at the time of each open.
 */
public final class UriStoreFixture implements StoreFixture {
  /** The system property that names the store for {@link #fromSystemProperty()}. */
  public static final String STORE_PROPERTY = "tilekv.conformance.store";

  private final String uri;
  private final boolean shareOneInstance;
  private KVStore shared;

  public UriStoreFixture(String uri) {
    this.uri = requireNonNull(uri, "uri is null");
    this.shareOneInstance = uri.trim().toLowerCase(Locale.ROOT).startsWith("memory:");
  }

  /**
   * The fixture for the URI in the system property {@value #STORE_PROPERTY}, which the conformance
   * runner sets for the test classes it runs.
   *
   * @throws IllegalStateException if the property is not set
   */
  public static UriStoreFixture fromSystemProperty() {
    String uri = System.getProperty(STORE_PROPERTY);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException("set the system property " + STORE_PROPERTY
          + " to the URI of the store under test, e.g. -D" + STORE_PROPERTY + "=memory:");
    }
    return new UriStoreFixture(uri);
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
