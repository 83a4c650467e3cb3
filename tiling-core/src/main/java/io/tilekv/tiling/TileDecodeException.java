package io.tilekv.tiling;

/**
 * A stored tile value that cannot be read. Never turned into an empty or stale value: the caller
 * reports it for the affected features (SPEC section 3).
 */
public final class TileDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a tile could not be decoded. */
  public enum Reason {
    /** The value was written with a tile format version this code does not read. */
    UNSUPPORTED_VERSION,
    /** The value was written under a different GroupBy definition (see {@link GroupBy#fingerprint()}). */
    FINGERPRINT_MISMATCH,
    /** The value ends before its content does. */
    TRUNCATED,
    /** The bytes are not a tile of this GroupBy (bad IR content, trailing bytes). */
    CORRUPT
  }

  private final Reason reason;

  public TileDecodeException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public TileDecodeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
