package io.tilekv.store.hbase;

import java.util.Set;

/**
 * The options of the {@code hbase} store, given as URI query parameters
 * ({@code hbase://zk1:2181,zk2:2181?znode=/hbase&namespace=tiles}) or as a map to
 * {@link io.tilekv.spi.KVStores#open(String, java.util.Map)}. Unknown options are rejected.
 * docs/stores/hbase.md lists each with its default.
 */
public final class HBaseOptions {
  /** The ZooKeeper quorum, {@code host[:port][,host[:port]...]}; port defaults to 2181. */
  public static final String LOCATION = io.tilekv.spi.StoreConfig.LOCATION;
  /** The cluster's parent znode ({@code zookeeper.znode.parent}). Default {@code /hbase}. */
  public static final String ZNODE = "znode";
  /** Namespace of the dataset tables, created if absent. Default {@code tilekv}. */
  public static final String NAMESPACE = "namespace";
  /** The one column family of every dataset table. Default {@code t}. */
  public static final String FAMILY = "family";
  /** Bound on connecting and on every call, retries included, e.g. {@code 10s}. Default 10s. */
  public static final String TIMEOUT = "timeout";
  /** Bound on one RPC ({@code hbase.rpc.timeout}); at most {@link #TIMEOUT}. Default 5s or the timeout if shorter. */
  public static final String RPC_TIMEOUT = "rpcTimeout";
  /** Regions a new dataset table starts with, split evenly over the first row-key byte. Default 1. */
  public static final String PRESPLIT = "presplit";
  /** Compression of new tables: {@code none}, {@code snappy}, {@code lz4}, {@code gz}, {@code zstd}. Default none. */
  public static final String COMPRESSION = "compression";
  /** {@code simple} or {@code kerberos} (not tested by the build). Default simple. */
  public static final String AUTH = "auth";
  /** Kerberos principal of the client, e.g. {@code tiles@EXAMPLE.COM} (with {@code auth=kerberos}). */
  public static final String PRINCIPAL = "principal";
  /** Keytab file of {@link #PRINCIPAL} (with {@code auth=kerberos}). */
  public static final String KEYTAB = "keytab";
  /** Kerberos principal of the HBase servers, e.g. {@code hbase/_HOST@EXAMPLE.COM} (with {@code auth=kerberos}). */
  public static final String SERVER_PRINCIPAL = "serverPrincipal";
  /** SASL quality of protection ({@code hbase.rpc.protection}): authentication, integrity or privacy. */
  public static final String SASL_QOP = "saslQop";
  /** An hbase-site.xml whose settings apply first; the options above override it. Default none. */
  public static final String SITE = "site";

  /** Every option besides {@link #LOCATION}. */
  public static final Set<String> OPTIONAL = Set.of(ZNODE, NAMESPACE, FAMILY, TIMEOUT, RPC_TIMEOUT, PRESPLIT,
      COMPRESSION, AUTH, PRINCIPAL, KEYTAB, SERVER_PRINCIPAL, SASL_QOP, SITE);

  private HBaseOptions() {}
}
