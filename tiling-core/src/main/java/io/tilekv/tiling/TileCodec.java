package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.TileDecodeException.Reason;
import io.tilekv.tiling.internal.ByteSlice;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The stored bytes of a tile of one GroupBy.
 *
 * <p>Layout: one format version byte ({@value #FORMAT_VERSION}), the GroupBy's
 * {@link GroupBy#fingerprint()} (8 bytes, big-endian), then for each aggregation in order the
 * length of its IR (unsigned LEB128 varint) followed by the IR as its {@code Aggregator} encodes
 * it. The fingerprint makes a tile written under another GroupBy definition fail loudly instead of
 * being misread; the lengths let a damaged IR be told apart from a short value.
 *
 * <p>Version {@value #MERGED_VERSION} is the same followed by the <i>inputs</i> of the tile: a
 * varint count and that many 8-byte ids (ascending) of the writer runs whose events the tile holds.
 * A run in merge mode adds its id when it merges into a stored tile, and skips a tile that already
 * lists it, so writing the same input twice (or retrying after a failure) never counts twice.
 * Tiles written without inputs keep version {@value #FORMAT_VERSION}.
 *
 * <p>Versions 1 and 2 are the same layouts as 3 and 4, written before APPROX_UNIQUE_COUNT moved
 * from CPC to HLL sketches; this code reads all four. The version changed so that an older build
 * refuses a tile that may hold an HLL sketch with an UNSUPPORTED_VERSION error rather than a
 * CORRUPT one.
 *
 * <p>Thread-safe and serializable.
 */
public final class TileCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The tile format version this code writes and reads. */
  public static final int FORMAT_VERSION = 3;
  /** The version of tiles that list their inputs ({@link #encode(Object[], long[])}). */
  public static final int MERGED_VERSION = 4;
  /** Versions 1 and 2, read as 3 and 4: their unique counts are CPC sketches. */
  private static final int LEGACY_OFFSET = 2;

  private static final int HEADER = 9;

  private final GroupByAggregator aggregator;
  private final long fingerprint;

  public TileCodec(GroupBy groupBy) {
    this(new GroupByAggregator(groupBy));
  }

  public TileCodec(GroupByAggregator aggregator) {
    this.aggregator = requireNonNull(aggregator, "aggregator is null");
    this.fingerprint = aggregator.groupBy().fingerprint();
  }

  /** The bytes of a tile holding {@code irs}. */
  public byte[] encode(Object[] irs) {
    return encode(irs, new long[0]);
  }

  /**
   * The bytes of a tile holding {@code irs} built from the runs {@code inputs} (distinct ids, any
   * order); without inputs this is {@link #encode(Object[])}.
   */
  public byte[] encode(Object[] irs, long[] inputs) {
    if (irs.length != aggregator.size()) {
      throw new IllegalArgumentException("expected " + aggregator.size() + " IRs, got " + irs.length);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64);
      DataOutputStream data = new DataOutputStream(out);
      data.writeByte(inputs.length == 0 ? FORMAT_VERSION : MERGED_VERSION);
      data.writeLong(fingerprint);
      ByteArrayOutputStream ir = new ByteArrayOutputStream(32);
      DataOutputStream irData = new DataOutputStream(ir);
      for (int i = 0; i < irs.length; i++) {
        ir.reset();
        aggregator.aggregator(i).encode(irs[i], irData);
        irData.flush();
        writeVarint(data, ir.size());
        ir.writeTo(data);
      }
      if (inputs.length > 0) {
        long[] sorted = inputs.clone();
        java.util.Arrays.sort(sorted);
        writeVarint(data, sorted.length);
        for (long id : sorted) {
          data.writeLong(id);
        }
      }
      data.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding failed", e);
    }
  }

  /**
   * The IRs of a tile written by {@link #encode}.
   *
   * @throws TileDecodeException naming the reason: an unsupported format version, a tile of a
   *     different GroupBy definition, a truncated value, or corrupt content
   */
  public Object[] decode(byte[] bytes) {
    return decodeTile(bytes).irs();
  }

  /** A decoded tile: its IRs and the ids of the runs it holds (empty for version 1). */
  public record Decoded(Object[] irs, long[] inputs) {}

  /**
   * The IRs and inputs of a tile.
   *
   * @throws TileDecodeException as {@link #decode}
   */
  public Decoded decodeTile(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    if (bytes.length == 0) {
      throw new TileDecodeException(Reason.TRUNCATED, "empty tile value");
    }
    int version = bytes[0] <= MERGED_VERSION - LEGACY_OFFSET ? bytes[0] + LEGACY_OFFSET : bytes[0];
    if (version != FORMAT_VERSION && version != MERGED_VERSION) {
      throw new TileDecodeException(Reason.UNSUPPORTED_VERSION, "tile format version " + (bytes[0] & 0xff)
          + ", this build reads versions 1 to " + MERGED_VERSION + " (or the value is not a tile)");
    }
    if (bytes.length < HEADER) {
      throw new TileDecodeException(Reason.TRUNCATED, "tile value of " + bytes.length
          + " bytes is shorter than its " + HEADER + "-byte header");
    }
    long stored = 0;
    for (int i = 1; i < HEADER; i++) {
      stored = (stored << 8) | (bytes[i] & 0xff);
    }
    if (stored != fingerprint) {
      throw new TileDecodeException(Reason.FINGERPRINT_MISMATCH, String.format(
          "tile written under GroupBy fingerprint %016x, but '%s' has %016x: the GroupBy definition"
              + " changed since the tile was written (or the value is not a tile)",
          stored, aggregator.groupBy().name(), fingerprint));
    }
    ByteSlice slice = new ByteSlice(bytes, HEADER);
    Object[] irs = new Object[aggregator.size()];
    for (int i = 0; i < irs.length; i++) {
      int len = readVarint(slice, i);
      if (len > slice.remainingInArray()) {
        throw new TileDecodeException(Reason.TRUNCATED, "IR " + i + " needs " + len + " bytes, "
            + slice.remainingInArray() + " are left");
      }
      int end = slice.position() + len;
      slice.limit(end);
      try {
        irs[i] = aggregator.aggregator(i).decode(slice);
      } catch (IOException | RuntimeException e) {
        throw new TileDecodeException(Reason.CORRUPT, "IR " + i + " (" + describe(i) + ") cannot be read: " + e, e);
      }
      if (slice.position() != end) {
        throw new TileDecodeException(Reason.CORRUPT, "IR " + i + " (" + describe(i) + ") has "
            + (end - slice.position()) + " unread bytes");
      }
      slice.limit(bytes.length);
    }
    long[] inputs = new long[0];
    if (version == MERGED_VERSION) {
      int n = readVarint(slice, irs.length);
      if (n < 1 || (long) n * 8 != slice.remainingInArray()) {
        throw new TileDecodeException(Reason.CORRUPT, "the list of " + n + " inputs does not fill the "
            + slice.remainingInArray() + " bytes after the last IR");
      }
      inputs = new long[n];
      for (int i = 0; i < n; i++) {
        long id = 0;
        for (int b = 0; b < 8; b++) {
          id = (id << 8) | (slice.read() & 0xff);
        }
        inputs[i] = id;
      }
    }
    if (slice.remainingInArray() > 0) {
      throw new TileDecodeException(Reason.CORRUPT, slice.remainingInArray() + " bytes after the last IR");
    }
    return new Decoded(irs, inputs);
  }

  private String describe(int i) {
    Aggregation a = aggregator.groupBy().aggregations().get(i);
    return a.operation() + " of " + a.input();
  }

  private static void writeVarint(DataOutputStream out, int n) throws IOException {
    while ((n & ~0x7f) != 0) {
      out.writeByte((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.writeByte(n);
  }

  private static int readVarint(ByteSlice in, int ir) {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new TileDecodeException(Reason.TRUNCATED, "value ends before the length of IR " + ir);
      }
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new TileDecodeException(Reason.CORRUPT, "invalid length of IR " + ir);
  }
}
