package io.tilekv.store.rocksdb.internal;

/**
 * The stored form of a value: a one-byte header, then for expiring values the expiry instant (epoch
 * millis, 8 bytes big-endian), then the caller's bytes unchanged.
 *
 * <p>{@code 0x00 payload} never expires; {@code 0x01 expiresAt payload} is dead from
 * {@code expiresAt} on. Any other header byte is a format this version does not know, reported
 * rather than misread.
 */
public final class StoredValues {
  /** The expiry of a value that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  private static final byte PLAIN = 0;
  private static final byte EXPIRING = 1;

  private StoredValues() {}

  public static byte[] encode(long expiresAtMillis, byte[] payload) {
    if (expiresAtMillis == NEVER) {
      byte[] out = new byte[1 + payload.length];
      out[0] = PLAIN;
      System.arraycopy(payload, 0, out, 1, payload.length);
      return out;
    }
    byte[] out = new byte[9 + payload.length];
    out[0] = EXPIRING;
    RowKeys.putLong(out, 1, expiresAtMillis);
    System.arraycopy(payload, 0, out, 9, payload.length);
    return out;
  }

  /** The expiry instant of a stored value, {@link #NEVER} if it does not expire. */
  public static long expiresAt(byte[] stored) {
    return switch (header(stored)) {
      case PLAIN -> NEVER;
      default -> RowKeys.getLong(stored, 1);
    };
  }

  /** True if the value is still readable at {@code nowMillis}. */
  public static boolean liveAt(byte[] stored, long nowMillis) {
    return nowMillis < expiresAt(stored);
  }

  /** The caller's bytes. */
  public static byte[] payload(byte[] stored) {
    int offset = header(stored) == PLAIN ? 1 : 9;
    byte[] out = new byte[stored.length - offset];
    System.arraycopy(stored, offset, out, 0, out.length);
    return out;
  }

  private static byte header(byte[] stored) {
    if (stored.length == 0) {
      throw new IllegalStateException("stored value has no header");
    }
    byte h = stored[0];
    if (h == PLAIN || (h == EXPIRING && stored.length >= 9)) {
      return h;
    }
    throw new IllegalStateException("stored value has an unknown header 0x"
        + Integer.toHexString(h & 0xff) + " (written by a newer version?)");
  }
}
