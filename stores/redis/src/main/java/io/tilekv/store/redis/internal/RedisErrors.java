package io.tilekv.store.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** Turns what Lettuce and Redis report into typed {@link KVStoreException}s. */
final class RedisErrors {
  private RedisErrors() {}

  /** The store error for {@code t}, searching causes and suppressed exceptions for the telling one. */
  static KVStoreException map(String store, String operation, Throwable t) {
    KVStoreException known = KVStoreException.unwrap(t);
    if (known != null) {
      return known;
    }
    Kind kind = classify(t);
    return new KVStoreException(kind, store, operation + " failed: " + describe(t, kind), t);
  }

  private static Kind classify(Throwable root) {
    Kind found = null;
    // Cluster topology refresh reports per-node failures as suppressed exceptions: look at all.
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
        return k; // the most useful answer: retrying cannot help
      }
      if (found == null || found == Kind.INTERNAL || found == Kind.UNAVAILABLE && k == Kind.TIMEOUT) {
        found = k != null ? k : found;
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      Collections.addAll(todo, t.getSuppressed());
    }
    return found == null ? Kind.INTERNAL : found;
  }

  private static Kind kindOf(Throwable t) {
    String msg = t.getMessage() == null ? "" : t.getMessage();
    if (t instanceof RedisCommandExecutionException) {
      String code = msg.split(" ", 2)[0];
      return switch (code) {
        case "WRONGPASS", "NOAUTH", "NOPERM" -> Kind.AUTHENTICATION;
        case "LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY" -> Kind.UNAVAILABLE;
        default -> msg.startsWith("ERR AUTH") || msg.contains("invalid password") ? Kind.AUTHENTICATION : Kind.INTERNAL;
      };
    }
    if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
      return Kind.TIMEOUT;
    }
    if (t instanceof RedisConnectionException || t instanceof IOException
        || t instanceof RedisException && msg.contains("not connected")) {
      return Kind.UNAVAILABLE;
    }
    if (t instanceof CancellationException) {
      return Kind.UNAVAILABLE;
    }
    return null;
  }

  private static String describe(Throwable t, Kind kind) {
    String why = String.valueOf(t.getMessage());
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      why = why + ": " + c.getMessage();
    }
    return switch (kind) {
      case AUTHENTICATION -> "the server rejected the credentials (check options 'user' and 'password'): " + why;
      case UNAVAILABLE -> "Redis is unreachable or not ready: " + why;
      default -> why;
    };
  }
}
