package io.tilekv.spi;

import java.util.List;
import java.util.Objects;

/**
 * The one error type of the store contract. Every failure a {@link KVStore} reports, through a
 * failed future or a thrown exception, is a {@code KVStoreException} with a {@link Kind}, the name
 * of the store that raised it and, for partial write failures, the keys that were not written.
 */
public class KVStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. {@link #retryable()} tells whether repeating the call may succeed. */
  public enum Kind {
    /** The server could not be reached or refused the connection. */
    UNAVAILABLE(true),
    /** The operation did not finish within the configured timeout. */
    TIMEOUT(true),
    /** The store asked the client to slow down and retries were exhausted. */
    THROTTLED(true),
    /** A value (or key) exceeds the store's declared maximum size. */
    VALUE_TOO_LARGE(false),
    /** The store does not declare the capability the call needs. */
    UNSUPPORTED(false),
    /** The store was closed. */
    CLOSED(false),
    /** The configuration is missing an option, has an unknown one, or names no provider. */
    INVALID_CONFIG(false),
    /** The server rejected the credentials. */
    AUTHENTICATION(false),
    /** Anything else the server or client reported; see the cause. */
    INTERNAL(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String storeName;
  private final List<Key> failedKeys;

  public KVStoreException(Kind kind, String storeName, String message) {
    this(kind, storeName, message, null, List.of());
  }

  public KVStoreException(Kind kind, String storeName, String message, Throwable cause) {
    this(kind, storeName, message, cause, List.of());
  }

  public KVStoreException(Kind kind, String storeName, String message, Throwable cause,
      List<Key> failedKeys) {
    super("[" + storeName + "] " + kind + ": " + message, cause);
    this.kind = Objects.requireNonNull(kind, "kind is null");
    this.storeName = Objects.requireNonNull(storeName, "storeName is null");
    this.failedKeys = List.copyOf(failedKeys);
  }

  public Kind kind() {
    return kind;
  }

  /** The name of the store that raised the error, as {@link KVStore#name()}. */
  public String storeName() {
    return storeName;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** The keys a partially failed {@link KVStore#multiPut} did not write; empty otherwise. */
  public List<Key> failedKeys() {
    return failedKeys;
  }

  /** Unwraps {@code CompletionException}/{@code ExecutionException} layers to a store error, if any. */
  public static KVStoreException unwrap(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KVStoreException e) {
        return e;
      }
    }
    return null;
  }
}
