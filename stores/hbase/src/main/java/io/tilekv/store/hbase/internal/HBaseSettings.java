package io.tilekv.store.hbase.internal;

import static io.tilekv.store.hbase.HBaseOptions.AUTH;
import static io.tilekv.store.hbase.HBaseOptions.COMPRESSION;
import static io.tilekv.store.hbase.HBaseOptions.FAMILY;
import static io.tilekv.store.hbase.HBaseOptions.KEYTAB;
import static io.tilekv.store.hbase.HBaseOptions.NAMESPACE;
import static io.tilekv.store.hbase.HBaseOptions.PRESPLIT;
import static io.tilekv.store.hbase.HBaseOptions.PRINCIPAL;
import static io.tilekv.store.hbase.HBaseOptions.RPC_TIMEOUT;
import static io.tilekv.store.hbase.HBaseOptions.SASL_QOP;
import static io.tilekv.store.hbase.HBaseOptions.SERVER_PRINCIPAL;
import static io.tilekv.store.hbase.HBaseOptions.SITE;
import static io.tilekv.store.hbase.HBaseOptions.TIMEOUT;
import static io.tilekv.store.hbase.HBaseOptions.ZNODE;

import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.support.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;

/**
 * A parsed, validated HBase store configuration. Immutable.
 *
 * @param quorum ZooKeeper servers as {@code host:port}
 * @param znode the cluster's parent znode
 * @param namespace namespace of the dataset tables
 * @param family the column family
 * @param timeout bound on connecting and on every call
 * @param rpcTimeout bound on one RPC
 * @param presplit regions of a new table
 * @param compression compression of new tables, lower case, {@code none} for none
 * @param kerberos whether to authenticate with Kerberos
 * @param principal client principal (Kerberos)
 * @param keytab client keytab (Kerberos)
 * @param serverPrincipal principal of masters and region servers (Kerberos)
 * @param saslQop SASL quality of protection
 * @param site an hbase-site.xml applied first
 */
public record HBaseSettings(List<String> quorum, String znode, String namespace, String family, Duration timeout,
    Duration rpcTimeout, int presplit, String compression, boolean kerberos, Optional<String> principal,
    Optional<Path> keytab, Optional<String> serverPrincipal, Optional<String> saslQop, Optional<Path> site) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_ZK_PORT = 2181;
  static final List<String> COMPRESSIONS = List.of("none", "snappy", "lz4", "gz", "zstd");
  private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
  private static final Pattern FAMILY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

  public HBaseSettings {
    quorum = List.copyOf(quorum);
  }

  /**
   * Parses and checks {@code config}.
   *
   * @throws io.tilekv.spi.KVStoreException INVALID_CONFIG naming the option that is wrong
   */
  public static HBaseSettings parse(StoreConfig config) {
    List<String> quorum = parseQuorum(config, config.require(StoreConfig.LOCATION));
    String znode = config.getString(ZNODE, "/hbase");
    if (!znode.startsWith("/") || znode.length() < 2 || znode.endsWith("/")) {
      throw config.invalid("option '" + ZNODE + "' must be an absolute znode path like /hbase: '" + znode + "'");
    }
    String namespace = config.getString(NAMESPACE, "tilekv");
    if (!NAMESPACE_NAME.matcher(namespace).matches() || namespace.equals("hbase")) {
      throw config.invalid("option '" + NAMESPACE + "' must be 1 to 64 characters of [A-Za-z0-9_] and not 'hbase': '"
          + namespace + "'");
    }
    String family = config.getString(FAMILY, "t");
    if (!FAMILY_NAME.matcher(family).matches()) {
      throw config.invalid("option '" + FAMILY + "' must be a short column family name of [A-Za-z0-9_.-]: '" + family + "'");
    }
    Duration timeout = config.getDuration(TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      throw config.invalid("option '" + TIMEOUT + "' must be positive");
    }
    Duration rpcTimeout = config.getDuration(RPC_TIMEOUT,
        DEFAULT_RPC_TIMEOUT.compareTo(timeout) < 0 ? DEFAULT_RPC_TIMEOUT : timeout);
    if (rpcTimeout.isZero() || rpcTimeout.compareTo(timeout) > 0) {
      throw config.invalid("option '" + RPC_TIMEOUT + "' must be positive and at most the timeout (" + timeout + ")");
    }
    int presplit = config.getInt(PRESPLIT, 1);
    if (presplit < 1 || presplit > 256) {
      throw config.invalid("option '" + PRESPLIT + "' must be between 1 and 256: " + presplit);
    }
    String compression = config.getString(COMPRESSION, "none").trim().toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(compression)) {
      throw config.invalid("option '" + COMPRESSION + "' must be one of " + COMPRESSIONS + ": '" + compression + "'");
    }
    boolean kerberos = switch (config.getString(AUTH, "simple").trim().toLowerCase(Locale.ROOT)) {
      case "simple" -> false;
      case "kerberos" -> true;
      default -> throw config.invalid("option '" + AUTH + "' must be simple or kerberos");
    };
    Optional<String> principal = config.get(PRINCIPAL).filter(s -> !s.isBlank());
    Optional<Path> keytab = config.get(KEYTAB).filter(s -> !s.isBlank()).map(Path::of);
    Optional<String> serverPrincipal = config.get(SERVER_PRINCIPAL).filter(s -> !s.isBlank());
    if (!kerberos && (principal.isPresent() || keytab.isPresent() || serverPrincipal.isPresent())) {
      throw config.invalid("options '" + PRINCIPAL + "', '" + KEYTAB + "' and '" + SERVER_PRINCIPAL + "' need " + AUTH + "=kerberos");
    }
    if (kerberos && (principal.isEmpty() || keytab.isEmpty() || serverPrincipal.isEmpty())) {
      throw config.invalid(AUTH + "=kerberos needs options '" + PRINCIPAL + "', '" + KEYTAB + "' and '" + SERVER_PRINCIPAL + "'");
    }
    if (keytab.isPresent() && !Files.isReadable(keytab.get())) {
      throw config.invalid("option '" + KEYTAB + "' names no readable file: " + keytab.get());
    }
    Optional<String> qop = config.get(SASL_QOP).map(s -> s.trim().toLowerCase(Locale.ROOT));
    if (qop.isPresent() && !List.of("authentication", "integrity", "privacy").contains(qop.get())) {
      throw config.invalid("option '" + SASL_QOP + "' must be authentication, integrity or privacy");
    }
    Optional<Path> site = config.get(SITE).filter(s -> !s.isBlank()).map(Path::of);
    if (site.isPresent() && !Files.isReadable(site.get())) {
      throw config.invalid("option '" + SITE + "' names no readable file: " + site.get());
    }
    return new HBaseSettings(quorum, znode, namespace, family, timeout, rpcTimeout, presplit, compression, kerberos,
        principal, keytab, serverPrincipal, qop, site);
  }

  private static List<String> parseQuorum(StoreConfig config, String location) {
    if (location.indexOf('/') >= 0) {
      throw config.invalid("location must be the ZooKeeper quorum host[:port][,host[:port]...]; "
          + "put the parent znode in option '" + ZNODE + "': '" + location + "'");
    }
    // Kerberos principals look like user@REALM: they go in the options, never in the logged location.
    return HostPort.parseAll(config, location, DEFAULT_ZK_PORT, PRINCIPAL, KEYTAB).stream()
        .map(HostPort::toString).toList();
  }

  /** The name errors carry: scheme, quorum, znode and namespace. */
  public String storeName() {
    return "hbase://" + String.join(",", quorum) + "?" + (znode.equals("/hbase") ? "" : "znode=" + znode + "&")
        + "namespace=" + namespace;
  }

  /**
   * The client configuration. Every retry loop of the client is bounded so that nothing outlives
   * the timeout: an unreachable ZooKeeper or a dead region server fails a call instead of hanging it.
   */
  public Configuration configuration() {
    Configuration c = HBaseConfiguration.create();
    c.setClassLoader(HBaseSettings.class.getClassLoader());
    site.ifPresent(p -> c.addResource(new org.apache.hadoop.fs.Path(p.toUri())));
    c.set("hbase.zookeeper.quorum", String.join(",", quorum));
    c.set("zookeeper.znode.parent", znode);
    long t = timeout.toMillis();
    long rpc = rpcTimeout.toMillis();
    c.setLong("hbase.client.operation.timeout", t);
    c.setLong("hbase.client.meta.operation.timeout", t);
    c.setLong("hbase.client.scanner.timeout.period", t);
    c.setLong("hbase.rpc.timeout", rpc);
    c.setLong("hbase.rpc.read.timeout", rpc);
    c.setLong("hbase.rpc.write.timeout", rpc);
    c.setInt("hbase.client.retries.number", 10);
    c.setLong("hbase.client.pause", 50);
    c.setInt("hbase.client.start.log.errors.counter", 100); // retries are expected; do not log each
    // The client's read-only ZooKeeper session: few, short reconnect attempts within the timeout.
    c.setInt("zookeeper.recovery.retry", 1);
    c.setInt("zookeeper.recovery.retry.intervalmill", 200);
    c.setLong("zookeeper.session.timeout", Math.max(t, 2_000));
    c.setLong("hbase.ipc.client.connect.timeout", Math.min(rpc, 3_000));
    c.setLong("hbase.client.sync.wait.timeout.msec", t);
    if (kerberos) {
      c.set("hadoop.security.authentication", "kerberos");
      c.set("hbase.security.authentication", "kerberos");
      c.set("hbase.client.keytab.principal", principal.orElseThrow());
      c.set("hbase.client.keytab.file", keytab.orElseThrow().toString());
      c.set("hbase.master.kerberos.principal", serverPrincipal.orElseThrow());
      c.set("hbase.regionserver.kerberos.principal", serverPrincipal.orElseThrow());
    }
    saslQop.ifPresent(q -> c.set("hbase.rpc.protection", q));
    return c;
  }

  @Override
  public String toString() {
    return "HBaseSettings{" + storeName() + ", family=" + family + ", timeout=" + timeout + ", rpcTimeout="
        + rpcTimeout + ", presplit=" + presplit + ", compression=" + compression + ", auth="
        + (kerberos ? "kerberos(" + principal.orElse("") + ")" : "simple") + "}";
  }
}
