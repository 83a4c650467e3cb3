package io.tilekv.fetcher.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters of one {@code Fetcher.fetch} call, for metrics. The tile counts are written while the
 * call is planned (one thread); the store counts by the store calls, which may run concurrently.
 */
public final class CallStats {
  /** Tiles of every request's plan, a tile shared by two requests counted twice. */
  public int planned;
  /** Distinct tiles answered from the cache. */
  public int fromCache;
  /** Distinct tiles sent to the store. */
  public int fromStore;
  /** Store calls (multiGet or scan) made. */
  public final AtomicInteger storeCalls = new AtomicInteger();
  /** Tiles a multiGet found absent. */
  public final AtomicInteger missing = new AtomicInteger();
}
