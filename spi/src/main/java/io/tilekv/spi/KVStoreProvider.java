package io.tilekv.spi;

import java.util.Set;

/**
 * Creates {@link KVStore}s of one kind. Implementations are discovered with
 * {@link java.util.ServiceLoader} (register them with {@code @AutoService(KVStoreProvider.class)})
 * and chosen by {@link #name()}, which is also the store URI's scheme.
 *
 * <p>{@link KVStores} validates a configuration against the declared options before calling
 * {@link #create}: a missing required option or an unknown option is an
 * {@link KVStoreException.Kind#INVALID_CONFIG} error that names it. The URI's location (what
 * follows {@code scheme:} and an optional {@code //}, up to {@code ?}) arrives as the option
 * {@value StoreConfig#LOCATION}, so a provider that needs one declares it.
 */
public interface KVStoreProvider {

  /** The provider's name and URI scheme, lower case, e.g. {@code rocksdb}. */
  String name();

  /** Options that must be present. */
  default Set<String> requiredOptions() {
    return Set.of();
  }

  /** Options that may be present; anything neither required nor optional is rejected. */
  default Set<String> optionalOptions() {
    return Set.of();
  }

  /** Options whose values are secrets: masked by {@link StoreConfig#toString()}, never logged. */
  default Set<String> secretOptions() {
    return Set.of();
  }

  /**
   * Opens a store. May connect eagerly; an unreachable server or bad credentials fail with a
   * {@link KVStoreException} of kind UNAVAILABLE, TIMEOUT or AUTHENTICATION within the configured
   * timeout.
   */
  KVStore create(StoreConfig config);
}
