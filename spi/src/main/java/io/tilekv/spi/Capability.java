package io.tilekv.spi;

/**
 * An optional part of the {@link KVStore} contract. A store declares the capabilities it supports
 * once, in {@link StoreCapabilities}; calling one it does not declare fails with
 * {@link KVStoreException.Kind#UNSUPPORTED}, and the conformance kit checks both directions.
 */
public enum Capability {
  /** {@link KVStore#scan} over one partition, ascending by sort key, complete across pages. */
  RANGE_SCAN,
  /** Per-entry time to live on {@link KVStore#multiPut}; expired entries are never returned. */
  TTL
}
