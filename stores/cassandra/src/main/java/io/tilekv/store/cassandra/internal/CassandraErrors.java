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
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Kind found = null;
    // AllNodesFailedException keeps each node's errors apart from its cause chain: look at all.
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    todo.add(root);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      Kind k = kindOf(t);
      if (k == Kind.AUTHENTICATION) {
        return k; // retrying cannot help: the most useful answer
      }
      if (k != null && (found == null || rank(k) > rank(found))) {
        found = k;
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      Collections.addAll(todo, t.getSuppressed());
      if (t instanceof AllNodesFailedException all) {
        for (Map.Entry<?, List<Throwable>> e : all.getAllErrors().entrySet()) {
          todo.addAll(e.getValue());
        }
      }
    }
    return found == null ? Kind.INTERNAL : found;
  }

  /** A specific diagnosis beats the generic "no node answered". */
  private static int rank(Kind k) {
    return switch (k) {
      case INTERNAL -> 0;
      case UNAVAILABLE -> 1;
      case TIMEOUT, THROTTLED -> 2;
      default -> 3;
    };
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
    String why = String.valueOf(t.getMessage());
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      why = why + ": " + c.getMessage();
    }
    return switch (kind) {
      case AUTHENTICATION -> "the nodes rejected the credentials (check options 'username' and 'password'): " + why;
      case UNAVAILABLE -> "Cassandra is unreachable or has too few live replicas: " + why;
      case THROTTLED -> "Cassandra or the driver's throttler is overloaded: " + why;
      default -> why;
    };
  }
}
