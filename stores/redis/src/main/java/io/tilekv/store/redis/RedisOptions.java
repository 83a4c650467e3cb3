package io.tilekv.store.redis;

import java.util.Set;

/**
 * The options of the {@code redis}, {@code rediss} and {@code redis-cluster} stores, given as URI
 * query parameters ({@code redis://127.0.0.1:6379?timeout=2s&password=...}) or as a map to
 * {@link io.tilekv.spi.KVStores#open(String, java.util.Map)}. Unknown options are rejected.
 * docs/stores/redis.md lists each with its default.
 */
public final class RedisOptions {
  /** {@code host:port} ({@code redis}, {@code rediss}) or {@code h1:p1,h2:p2} seed nodes ({@code redis-cluster}); port defaults to 6379. */
  public static final String LOCATION = io.tilekv.spi.StoreConfig.LOCATION;
  /** Bound on connecting and on every operation, e.g. {@code 500ms}, {@code 5s}. Default 5s. */
  public static final String TIMEOUT = "timeout";
  /** Password (AUTH), secret: never logged or shown. Default none. */
  public static final String PASSWORD = "password";
  /** ACL user name sent with the password. Default none (Redis' {@code default} user). */
  public static final String USER = "user";
  /** Logical database (SELECT); standalone only, Redis Cluster has only database 0. Default 0. */
  public static final String DATABASE = "database";
  /** TLS on or off. Default false, except {@code rediss}, where it is always on. */
  public static final String TLS = "tls";
  /** How a TLS server certificate is checked: {@code full} (chain and host name), {@code ca} (chain only) or {@code none}. Default full. */
  public static final String TLS_VERIFY = "tls-verify";
  /** PEM file of the CA certificates to trust; default the JVM's trust store. */
  public static final String TLS_CA_FILE = "tls-ca-file";

  /** Every option besides {@link #LOCATION}. */
  public static final Set<String> OPTIONAL = Set.of(TIMEOUT, PASSWORD, USER, DATABASE, TLS, TLS_VERIFY,
      TLS_CA_FILE);
  /** Options whose values are secrets. */
  public static final Set<String> SECRET = Set.of(PASSWORD);

  private RedisOptions() {}
}
