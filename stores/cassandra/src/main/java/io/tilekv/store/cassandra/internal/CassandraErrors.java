package io.tilekv.store.cassandra.internal;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.UnsupportedProtocolVersionException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.ReadFailureException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.support.ErrorCauses;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** Turns what the Cassandra driver and the nodes report into typed {@link KVStoreException}s. */
final class CassandraErrors {
  private CassandraErrors() {}

  /** The store error for {@code t}, searching causes and per-node errors for the telling one. */
  static KVStoreException map(String store, String operation, Throwable t) {
    KVStoreException known = KVStoreException.unwrap(t);
    if (known != null) {
      return known;
    }
    Kind kind = classify(t);
    return new KVStoreException(kind, store, operation + " failed: " + describe(t, kind), t);
  }

  static Kind classify(Throwable root) {
    // AllNodesFailedException keeps each node's errors apart from its cause chain: look at all.
    return ErrorCauses.mostTelling(root, CassandraErrors::kindOf, t -> t instanceof AllNodesFailedException all
        ? all.getAllErrors().values().stream().flatMap(List::stream).toList() : List.of()).orElse(Kind.INTERNAL);
  }

  private static Kind kindOf(Throwable t) {
    if (t instanceof AuthenticationException || t instanceof UnauthorizedException) {
      return Kind.AUTHENTICATION;
    }
    if (t instanceof ReadTimeoutException || t instanceof WriteTimeoutException
        || t instanceof DriverTimeoutException || t instanceof TimeoutException) {
      return Kind.TIMEOUT;
    }
    if (t instanceof OverloadedException || t instanceof RequestThrottlingException
        || t instanceof BusyConnectionException) {
      return Kind.THROTTLED;
    }
    if (t instanceof AllNodesFailedException || t instanceof NodeUnavailableException
        || t instanceof UnavailableException || t instanceof BootstrappingException
        || t instanceof ReadFailureException || t instanceof WriteFailureException
        || t instanceof ClosedConnectionException || t instanceof HeartbeatException
        || t instanceof ConnectionInitException || t instanceof IOException
        || t instanceof CancellationException) {
      return Kind.UNAVAILABLE;
    }
    if (t instanceof InvalidKeyspaceException || t instanceof QueryValidationException
        || t instanceof UnsupportedProtocolVersionException) {
      return Kind.INTERNAL;
    }
    return null;
  }

  private static String describe(Throwable t, Kind kind) {
    String why = ErrorCauses.describe(t);
    return switch (kind) {
      case AUTHENTICATION -> "the nodes rejected the credentials (check options 'username' and 'password'): " + why;
      case UNAVAILABLE -> "Cassandra is unreachable or has too few live replicas: " + why;
      case THROTTLED -> "Cassandra or the driver's throttler is overloaded: " + why;
      default -> why;
    };
  }
}
