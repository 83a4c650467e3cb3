package io.tilekv.conformance.contract;

import io.tilekv.spi.Key;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Values and keys the suite writes, and byte-exact checks that report where two values differ
 * instead of printing megabytes.
 *
 * <p>Patterned values are self-checking: a value carries its writer's id and its length, and every
 * other byte follows from those, so a reader can tell a whole value from a torn or mixed one.
 */
public final class TestValues {
  /** Header of a patterned value: id (8 bytes) and length (4 bytes). */
  public static final int PATTERN_HEADER = 12;

  private TestValues() {}

  /** {@code length} seeded random bytes: every byte value is likely to occur in longer values. */
  public static byte[] random(long seed, int length) {
    byte[] b = new byte[length];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A partition made of a readable prefix; tests use distinct names per test. */
  public static Key key(String partition, long sort) {
    return Key.of(utf8(partition), sort);
  }

  /** A self-checking value of {@code length >= PATTERN_HEADER} bytes written by {@code id}. */
  public static byte[] patterned(long id, int length) {
    if (length < PATTERN_HEADER) {
      throw new IllegalArgumentException("a patterned value needs at least " + PATTERN_HEADER + " bytes");
    }
    byte[] b = new byte[length];
    ByteBuffer.wrap(b).putLong(id).putInt(length);
    for (int i = PATTERN_HEADER; i < length; i++) {
      b[i] = patternByte(id, i);
    }
    return b;
  }

  /** The id of a whole patterned value; fails if {@code value} is torn, mixed or truncated. */
  public static long checkPatterned(String what, byte[] value) {
    if (value.length < PATTERN_HEADER) {
      throw new AssertionError(what + ": value of " + value.length + " bytes is not a whole value");
    }
    ByteBuffer header = ByteBuffer.wrap(value);
    long id = header.getLong();
    int length = header.getInt();
    if (length != value.length) {
      throw new AssertionError(what + ": value written with " + length + " bytes came back with " + value.length);
    }
    for (int i = PATTERN_HEADER; i < length; i++) {
      if (value[i] != patternByte(id, i)) {
        throw new AssertionError(what + ": torn value: byte " + i + " of a value written by " + id
            + " does not belong to it");
      }
    }
    return id;
  }

  private static byte patternByte(long id, int i) {
    long x = id * 0x9E3779B97F4A7C15L + i;
    x ^= x >>> 29;
    return (byte) (x * 0xBF58476D1CE4E5B9L >>> 56);
  }

  /** Fails unless {@code actual} equals {@code expected} byte for byte, naming the first difference. */
  public static void assertSameBytes(String what, byte[] actual, byte[] expected) {
    int mismatch = Arrays.mismatch(actual, expected);
    if (mismatch >= 0) {
      throw new AssertionError(what + ": expected " + expected.length + " bytes but got " + actual.length
          + (mismatch < Math.min(actual.length, expected.length) ? ", first difference at byte " + mismatch
              + " (expected " + (expected[mismatch] & 0xFF) + ", got " + (actual[mismatch] & 0xFF) + ")" : ""));
    }
  }

  /**
   * Checks a multiGet result against a model: one result per requested key, in request order,
   * present and byte-exact where {@code expected} gives a value, empty where it gives null.
   */
  public static void assertReads(List<Key> request, List<Optional<byte[]>> result,
      Function<Key, byte[]> expected) {
    if (result.size() != request.size()) {
      throw new AssertionError("multiGet of " + request.size() + " keys returned " + result.size()
          + " results; the contract is one result per requested key");
    }
    for (int i = 0; i < request.size(); i++) {
      Key k = request.get(i);
      Optional<byte[]> got = result.get(i);
      byte[] want = expected.apply(k);
      if (got == null) {
        throw new AssertionError("result " + i + " (" + k + ") is null; a missing key reads as Optional.empty()");
      }
      if (want == null && got.isPresent()) {
        throw new AssertionError("result " + i + " (" + k + ") should be empty but holds " + got.get().length + " bytes");
      }
      if (want != null && got.isEmpty()) {
        throw new AssertionError("result " + i + " (" + k + ") is empty but " + want.length + " bytes were written");
      }
      if (want != null) {
        assertSameBytes("result " + i + " (" + k + ")", got.get(), want);
      }
    }
  }
}
