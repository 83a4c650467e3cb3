package io.tilekv.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UTC clock that stands still until a test advances it. Thread-safe. Give it to a store whose
 * TTLs follow an injectable clock, and hand {@link #timeControl(Duration)} to the kit so that TTL
 * checks advance it instead of sleeping.
 */
public final class ManualClock extends Clock {
  private final AtomicLong millis;

  public ManualClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public ManualClock(Instant start) {
    this(start.toEpochMilli());
  }

  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** A {@link StoreFixture.TimeControl} that advances this clock and uses {@code shortTtl}. */
  public StoreFixture.TimeControl timeControl(Duration shortTtl) {
    return new StoreFixture.TimeControl() {
      @Override
      public void advance(Duration elapsed) {
        ManualClock.this.advance(elapsed);
      }

      @Override
      public Duration shortTtl() {
        return shortTtl;
      }
    };
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock is UTC only");
  }
}
