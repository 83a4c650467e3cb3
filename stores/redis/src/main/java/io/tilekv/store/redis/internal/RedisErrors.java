package io.tilekv.store.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.support.ErrorCauses;
import java.io.IOException;
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
    // Cluster topology refresh reports per-node failures as suppressed exceptions, which the walk includes.
    Kind kind = ErrorCauses.mostTelling(t, RedisErrors::kindOf).orElse(Kind.INTERNAL);
    return new KVStoreException(kind, store, operation + " failed: " + describe(t, kind), t);
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
    String why = ErrorCauses.describe(t);
    return switch (kind) {
      case AUTHENTICATION -> "the server rejected the credentials (check options 'user' and 'password'): " + why;
      case UNAVAILABLE -> "Redis is unreachable or not ready: " + why;
      default -> why;
    };
  }
}
