package com.example.tilekv.sqlite.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.sql.SQLException;

/** Turns SQLite's result codes into the store contract's error kinds. */
public final class SqlErrors {
  // Primary result codes, https://www.sqlite.org/rescode.html
  private static final int BUSY = 5, LOCKED = 6, NOMEM = 7, READONLY = 8, IOERR = 10, FULL = 13,
      CANTOPEN = 14, TOOBIG = 18, AUTH = 23;

  private SqlErrors() {}

  /**
   * The typed error for a failed SQL call. BUSY and LOCKED mean another connection holds the lock
   * longer than the busy timeout: retryable, so they become UNAVAILABLE and the batch helper retries
   * them. A file that cannot be opened or written is UNAVAILABLE too; everything else is INTERNAL.
   */
  public static KVStoreException of(String storeName, String operation, SQLException e) {
    // sqlite-jdbc reports extended result codes; the low byte is the primary code.
    int code = e.getErrorCode() & 0xff;
    Kind kind = switch (code) {
      case BUSY, LOCKED, CANTOPEN, IOERR, FULL, READONLY, NOMEM -> Kind.UNAVAILABLE;
      case TOOBIG -> Kind.VALUE_TOO_LARGE;
      case AUTH -> Kind.AUTHENTICATION;
      default -> Kind.INTERNAL;
    };
    return new KVStoreException(kind, storeName, operation + " failed: " + e.getMessage(), e);
  }
}
