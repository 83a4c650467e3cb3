package io.tilekv.fetcher;

/**
 * How the fetcher reads the tiles of one {@link Fetcher#fetch(java.util.List) fetch} call.
 *
 * <p>Either way every tile the call needs is read at most once (the union over all requests), and
 * the number of store calls is deterministic.
 */
public enum ReadStrategy {
  /**
   * One {@link io.tilekv.spi.KVStore#multiGet multiGet} per dataset, split by the fetcher into
   * calls of at most {@link io.tilekv.spi.StoreCapabilities#maxGetBatch()} keys that run
   * concurrently: {@code ceil(tiles / maxGetBatch)} calls. The default.
   */
  MULTI_GET,

  /**
   * Like {@link #MULTI_GET}, but when the store declares
   * {@link io.tilekv.spi.Capability#RANGE_SCAN} a partition (entity key and tile size) is read with
   * one {@link io.tilekv.spi.KVStore#scan scan} instead when that costs no more values and fewer
   * calls. The rule: a partition qualifies when the tiles wanted from it are contiguous (a scan
   * from the first to the last reads exactly those slots, so never more values than multiGet);
   * qualifying partitions are taken largest first while each one lowers the total number of calls
   * ({@code scans + ceil(remaining keys / maxGetBatch)}). With few tiles this is always multiGet;
   * it pays off for long windows over small layers (a 7d window of 5m tiles is 2016 keys: three
   * multiGet calls at a limit of 1000, or one scan).
   */
  COST_BASED
}
