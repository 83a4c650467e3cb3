package io.tilekv.store.hbase.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.support.ErrorCauses;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the HBase client reports into typed {@link KVStoreException}s. Exceptions are matched
 * by the simple names of their classes and superclasses: ZooKeeper's are relocated inside the
 * shaded client, and a name match keeps this independent of where a class lives.
 */
final class HBaseErrors {
  private static final Map<String, Kind> BY_NAME = Map.ofEntries(
      // Asked to slow down.
      Map.entry("RegionTooBusyException", Kind.THROTTLED),
      Map.entry("CallQueueTooBigException", Kind.THROTTLED),
      Map.entry("ServerTooBusyException", Kind.THROTTLED),
      Map.entry("RpcThrottlingException", Kind.THROTTLED),
      Map.entry("QuotaExceededException", Kind.THROTTLED),
      Map.entry("MultiActionResultTooLarge", Kind.THROTTLED),
      // Out of time.
      Map.entry("CallTimeoutException", Kind.TIMEOUT),
      Map.entry("TimeoutIOException", Kind.TIMEOUT),
      Map.entry("OperationTimeoutException", Kind.TIMEOUT),
      Map.entry("TimeoutException", Kind.TIMEOUT),
      Map.entry("SocketTimeoutException", Kind.TIMEOUT),
      // Nobody (ready) to answer.
      Map.entry("ConnectException", Kind.UNAVAILABLE),
      Map.entry("NoRouteToHostException", Kind.UNAVAILABLE),
      Map.entry("UnknownHostException", Kind.UNAVAILABLE),
      Map.entry("ConnectionClosedException", Kind.UNAVAILABLE),
      Map.entry("ConnectionClosingException", Kind.UNAVAILABLE),
      Map.entry("FailedServerException", Kind.UNAVAILABLE),
      Map.entry("StoppedRpcClientException", Kind.UNAVAILABLE),
      Map.entry("MasterNotRunningException", Kind.UNAVAILABLE),
      Map.entry("PleaseHoldException", Kind.UNAVAILABLE),
      Map.entry("ServerNotRunningYetException", Kind.UNAVAILABLE),
      Map.entry("RegionServerStoppedException", Kind.UNAVAILABLE),
      Map.entry("NotServingRegionException", Kind.UNAVAILABLE),
      Map.entry("RegionOfflineException", Kind.UNAVAILABLE),
      Map.entry("RegionMovedException", Kind.UNAVAILABLE),
      Map.entry("RegionOpeningException", Kind.UNAVAILABLE),
      Map.entry("NoServerForRegionException", Kind.UNAVAILABLE),
      Map.entry("ConnectionLossException", Kind.UNAVAILABLE),
      Map.entry("SessionExpiredException", Kind.UNAVAILABLE),
      Map.entry("NoNodeException", Kind.UNAVAILABLE), // no cluster under the znode (yet)
      // Retrying cannot help.
      Map.entry("AccessDeniedException", Kind.AUTHENTICATION),
      Map.entry("SaslException", Kind.AUTHENTICATION),
      Map.entry("AuthFailedException", Kind.AUTHENTICATION),
      Map.entry("BadAuthException", Kind.AUTHENTICATION),
      Map.entry("TableNotEnabledException", Kind.INTERNAL),
      Map.entry("TableNotFoundException", Kind.INTERNAL),
      Map.entry("NamespaceNotFoundException", Kind.INTERNAL),
      Map.entry("NoSuchColumnFamilyException", Kind.INTERNAL),
      Map.entry("DoNotRetryIOException", Kind.INTERNAL));

  private HBaseErrors() {}

  /** The store error for {@code t}: the most telling kind found among its causes. */
  static KVStoreException map(String store, String operation, Throwable t) {
    KVStoreException known = KVStoreException.unwrap(t);
    if (known != null) {
      return known;
    }
    String hint = null;
    boolean io = false;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      io |= c instanceof java.io.IOException;
      String name = c.getClass().getSimpleName();
      if (name.equals("TableNotEnabledException")) {
        hint = "the dataset's table is disabled; enable it (hbase shell: enable '<namespace>:<table>'): ";
      } else if (name.equals("TableNotFoundException") || name.equals("NamespaceNotFoundException")) {
        hint = "the dataset's table does not exist; call createDataset first: ";
      } else if (name.equals("NoSuchColumnFamilyException")) {
        hint = "the table lacks the configured column family (option 'family'): ";
      }
    }
    // An IOException nothing more specific explains is a connection that broke.
    Kind kind = ErrorCauses.mostTelling(t, HBaseErrors::kindOf).orElse(io ? Kind.UNAVAILABLE : Kind.INTERNAL);
    String why = ErrorCauses.describe(t);
    String message = switch (kind) {
      case UNAVAILABLE -> "HBase is unreachable or not ready (ZooKeeper, master or region server): " + why;
      case AUTHENTICATION -> "HBase refused the client's credentials or permissions (options 'auth', 'principal', 'keytab'): " + why;
      case THROTTLED -> "HBase asked the client to slow down: " + why;
      default -> (hint != null ? hint : "") + why;
    };
    return new KVStoreException(kind, store, operation + " failed: " + message, t);
  }

  private static Kind kindOf(Throwable t) {
    for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
      Kind k = BY_NAME.get(c.getSimpleName());
      if (k != null) {
        return k;
      }
    }
    return null;
  }
}
