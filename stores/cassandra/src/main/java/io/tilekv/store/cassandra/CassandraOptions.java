package io.tilekv.store.cassandra;

import java.util.Set;

/**
 * The options of the {@code cassandra} store, given as URI query parameters
 * ({@code cassandra://10.0.0.1:9042,10.0.0.2:9042?keyspace=tilekv&localDc=dc1}) or as a map to
 * {@link io.tilekv.spi.KVStores#open(String, java.util.Map)}. Unknown options are rejected.
 * docs/stores/cassandra.md lists each with its default.
 */
public final class CassandraOptions {
  /** {@code host:port[,host:port...]}: contact points; the port defaults to 9042. */
  public static final String LOCATION = io.tilekv.spi.StoreConfig.LOCATION;
  /** The keyspace holding one table per dataset, lower case {@code [a-z][a-z0-9_]*}. Default {@code tilekv}. */
  public static final String KEYSPACE = "keyspace";
  /** The driver's local datacenter; queries go to its nodes. Default: inferred from the contact points. */
  public static final String LOCAL_DC = "localDc";
  /** Whether the store may create the keyspace when it is absent. Default false. */
  public static final String CREATE_KEYSPACE = "createKeyspace";
  /**
   * Replication of a keyspace the store creates: a replication factor ({@code 3}: SimpleStrategy)
   * or datacenter factors ({@code dc1:3,dc2:3}: NetworkTopologyStrategy). Default {@code 1}.
   */
  public static final String REPLICATION = "replication";
  /** Consistency level of reads, e.g. {@code LOCAL_QUORUM}, {@code LOCAL_ONE}. Default LOCAL_QUORUM. */
  public static final String READ_CONSISTENCY = "readConsistency";
  /** Consistency level of writes. Default LOCAL_QUORUM. */
  public static final String WRITE_CONSISTENCY = "writeConsistency";
  /** User name of PasswordAuthenticator. Default none. */
  public static final String USERNAME = "username";
  /** Password, secret: never logged or shown. Default none. */
  public static final String PASSWORD = "password";
  /** TLS to the nodes, trusting the JVM's trust store ({@code javax.net.ssl.trustStore}). Default false. */
  public static final String TLS = "tls";
  /** Bound on connecting and on every call, e.g. {@code 500ms}, {@code 5s}. Default 5s. */
  public static final String TIMEOUT = "timeout";
  /** Statements in flight per store (the driver's request throttler); more wait in its queue. Default 256. */
  public static final String MAX_REQUESTS_IN_FLIGHT = "maxRequestsInFlight";
  /**
   * Compaction of the tables the store creates: {@code twcs} (TimeWindowCompactionStrategy, 1-day
   * windows), {@code twcs:<n>h|<n>d}, {@code stcs}, {@code lcs} or {@code ucs}. Default twcs.
   */
  public static final String COMPACTION = "compaction";

  /** Every option besides {@link #LOCATION}. */
  public static final Set<String> OPTIONAL = Set.of(KEYSPACE, LOCAL_DC, CREATE_KEYSPACE, REPLICATION,
      READ_CONSISTENCY, WRITE_CONSISTENCY, USERNAME, PASSWORD, TLS, TIMEOUT, MAX_REQUESTS_IN_FLIGHT, COMPACTION);
  /** Options whose values are secrets. */
  public static final Set<String> SECRET = Set.of(PASSWORD);

  private CassandraOptions() {}
}
