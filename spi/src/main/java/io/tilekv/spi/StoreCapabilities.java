package io.tilekv.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a store supports and its limits, declared once per store instance. Immutable; build with
 * {@link #builder()} and copy with {@link #toBuilder()}.
 *
 * <p>The batch limits are what one round trip to the store accepts. Callers may pass any number of
 * keys or entries to {@link KVStore#multiGet} and {@link KVStore#multiPut}; the adapter splits at
 * these limits, and callers that want to control round trips (the fetcher, the Flink sink) read
 * them here.
 */
public final class StoreCapabilities {
  private final Set<Capability> capabilities;
  private final int maxGetBatch;
  private final int maxPutBatch;
  private final int maxValueBytes;
  private final int maxKeyBytes;
  private final Duration ttlResolution;

  private StoreCapabilities(Builder b) {
    this.capabilities = Collections.unmodifiableSet(EnumSet.copyOf(b.capabilities));
    this.maxGetBatch = b.maxGetBatch;
    this.maxPutBatch = b.maxPutBatch;
    this.maxValueBytes = b.maxValueBytes;
    this.maxKeyBytes = b.maxKeyBytes;
    this.ttlResolution = b.ttlResolution;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.capabilities.addAll(capabilities);
    b.maxGetBatch = maxGetBatch;
    b.maxPutBatch = maxPutBatch;
    b.maxValueBytes = maxValueBytes;
    b.maxKeyBytes = maxKeyBytes;
    b.ttlResolution = ttlResolution;
    return b;
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }

  /** The declared capabilities, unmodifiable. */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /** Most keys one round trip of {@link KVStore#multiGet} reads. */
  public int maxGetBatch() {
    return maxGetBatch;
  }

  /** Most entries one round trip of {@link KVStore#multiPut} writes. */
  public int maxPutBatch() {
    return maxPutBatch;
  }

  /** Largest value, in bytes, the store accepts; larger ones fail with VALUE_TOO_LARGE. */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** Largest partition, in bytes, the store accepts. */
  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  /**
   * The granularity of expiry: an entry with TTL {@code t} is gone no later than {@code t} plus
   * this. Meaningful only with {@link Capability#TTL}.
   */
  public Duration ttlResolution() {
    return ttlResolution;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreCapabilities c && c.capabilities.equals(capabilities)
        && c.maxGetBatch == maxGetBatch && c.maxPutBatch == maxPutBatch
        && c.maxValueBytes == maxValueBytes && c.maxKeyBytes == maxKeyBytes
        && c.ttlResolution.equals(ttlResolution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(capabilities, maxGetBatch, maxPutBatch, maxValueBytes, maxKeyBytes, ttlResolution);
  }

  @Override
  public String toString() {
    return "StoreCapabilities" + capabilities + "{maxGetBatch=" + maxGetBatch + ", maxPutBatch="
        + maxPutBatch + ", maxValueBytes=" + maxValueBytes + ", maxKeyBytes=" + maxKeyBytes
        + ", ttlResolution=" + ttlResolution + "}";
  }

  /** Builds {@link StoreCapabilities}; limits default to generous values suited to an embedded store. */
  public static final class Builder {
    private final EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
    private int maxGetBatch = 1_000;
    private int maxPutBatch = 1_000;
    private int maxValueBytes = 1 << 20;
    private int maxKeyBytes = 1 << 10;
    private Duration ttlResolution = Duration.ofMillis(1);

    private Builder() {}

    public Builder supports(Capability... declared) {
      for (Capability c : declared) {
        capabilities.add(Objects.requireNonNull(c, "capability is null"));
      }
      return this;
    }

    public Builder maxGetBatch(int n) {
      this.maxGetBatch = positive(n, "maxGetBatch");
      return this;
    }

    public Builder maxPutBatch(int n) {
      this.maxPutBatch = positive(n, "maxPutBatch");
      return this;
    }

    public Builder maxValueBytes(int n) {
      this.maxValueBytes = positive(n, "maxValueBytes");
      return this;
    }

    public Builder maxKeyBytes(int n) {
      this.maxKeyBytes = positive(n, "maxKeyBytes");
      return this;
    }

    public Builder ttlResolution(Duration d) {
      Objects.requireNonNull(d, "ttlResolution is null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("ttlResolution must be positive: " + d);
      }
      this.ttlResolution = d;
      return this;
    }

    public StoreCapabilities build() {
      return new StoreCapabilities(this);
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + n);
      }
      return n;
    }
  }
}
