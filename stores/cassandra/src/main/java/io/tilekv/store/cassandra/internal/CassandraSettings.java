package io.tilekv.store.cassandra.internal;

import static io.tilekv.store.cassandra.CassandraOptions.COMPACTION;
import static io.tilekv.store.cassandra.CassandraOptions.CREATE_KEYSPACE;
import static io.tilekv.store.cassandra.CassandraOptions.KEYSPACE;
import static io.tilekv.store.cassandra.CassandraOptions.LOCAL_DC;
import static io.tilekv.store.cassandra.CassandraOptions.MAX_REQUESTS_IN_FLIGHT;
import static io.tilekv.store.cassandra.CassandraOptions.PASSWORD;
import static io.tilekv.store.cassandra.CassandraOptions.READ_CONSISTENCY;
import static io.tilekv.store.cassandra.CassandraOptions.REPLICATION;
import static io.tilekv.store.cassandra.CassandraOptions.TIMEOUT;
import static io.tilekv.store.cassandra.CassandraOptions.TLS;
import static io.tilekv.store.cassandra.CassandraOptions.USERNAME;
import static io.tilekv.store.cassandra.CassandraOptions.WRITE_CONSISTENCY;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.support.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, validated Cassandra store configuration. Immutable. {@link #toString()} never shows
 * the password.
 *
 * @param contactPoints unresolved {@code host:port} contact points
 * @param keyspace the keyspace of the dataset tables
 * @param localDc the driver's local datacenter; empty to infer it from the contact points
 * @param createKeyspace whether an absent keyspace may be created
 * @param replication the CQL replication map of a keyspace the store creates
 * @param readConsistency consistency of reads
 * @param writeConsistency consistency of writes
 * @param username PasswordAuthenticator user, empty for none
 * @param password its password, empty for none
 * @param tls TLS with the JVM's default SSL context
 * @param timeout bound on connecting and on every call
 * @param maxRequestsInFlight statements in flight (the driver's throttler)
 * @param compaction the CQL compaction map of the tables the store creates
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String keyspace, Optional<String> localDc,
    boolean createKeyspace, String replication, DefaultConsistencyLevel readConsistency,
    DefaultConsistencyLevel writeConsistency, Optional<String> username, Optional<String> password, boolean tls,
    Duration timeout, int maxRequestsInFlight, String compaction) {

  public static final int DEFAULT_PORT = 9042;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 256;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");
  private static final Pattern TWCS = Pattern.compile("twcs(?::(\\d+)([hd]))?");

  public CassandraSettings {
    contactPoints = List.copyOf(contactPoints);
    Objects.requireNonNull(keyspace, "keyspace is null");
  }

  /**
   * Parses and checks {@code config}.
   *
   * @throws io.tilekv.spi.KVStoreException INVALID_CONFIG naming the option that is wrong
   */
  public static CassandraSettings parse(StoreConfig config) {
    List<InetSocketAddress> points = HostPort.parseAll(config, config.require(StoreConfig.LOCATION), DEFAULT_PORT,
        USERNAME, PASSWORD).stream().map(h -> InetSocketAddress.createUnresolved(h.host(), h.port())).toList();
    String keyspace = config.getString(KEYSPACE, "tilekv").trim();
    if (!IDENTIFIER.matcher(keyspace).matches()) {
      throw config.invalid("option '" + KEYSPACE + "' must be 1 to 48 characters of [a-z0-9_] starting with a letter: '"
          + keyspace + "'");
    }
    Optional<String> localDc = config.get(LOCAL_DC).map(String::trim).filter(s -> !s.isEmpty());
    Duration timeout = config.getDuration(TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      throw config.invalid("option '" + TIMEOUT + "' must be positive");
    }
    int inFlight = config.getInt(MAX_REQUESTS_IN_FLIGHT, DEFAULT_MAX_REQUESTS_IN_FLIGHT);
    if (inFlight < 1) {
      throw config.invalid("option '" + MAX_REQUESTS_IN_FLIGHT + "' must be at least 1: " + inFlight);
    }
    Optional<String> user = config.get(USERNAME).filter(u -> !u.isEmpty());
    Optional<String> password = config.get(PASSWORD).filter(p -> !p.isEmpty());
    if (user.isPresent() != password.isPresent()) {
      throw config.invalid("options '" + USERNAME + "' and '" + PASSWORD + "' go together");
    }
    return new CassandraSettings(points, keyspace, localDc, config.getBoolean(CREATE_KEYSPACE, false),
        replication(config, config.getString(REPLICATION, "1")), consistency(config, READ_CONSISTENCY),
        consistency(config, WRITE_CONSISTENCY), user, password, config.getBoolean(TLS, false), timeout, inFlight,
        compaction(config, config.getString(COMPACTION, "twcs")));
  }

  /** The name errors carry: scheme, contact points and keyspace, never credentials. */
  public String storeName() {
    List<String> hosts = new ArrayList<>();
    for (InetSocketAddress a : contactPoints) {
      hosts.add(new HostPort(a.getHostString(), a.getPort()).toString());
    }
    return "cassandra://" + String.join(",", hosts) + "/" + keyspace;
  }

  private static DefaultConsistencyLevel consistency(StoreConfig config, String option) {
    String v = config.getString(option, "LOCAL_QUORUM").trim().toUpperCase(Locale.ROOT);
    try {
      DefaultConsistencyLevel level = DefaultConsistencyLevel.valueOf(v);
      if (level.isSerial()) {
        throw new IllegalArgumentException(v);
      }
      return level;
    } catch (IllegalArgumentException e) {
      throw config.invalid("option '" + option + "' must be a consistency level such as ONE, LOCAL_ONE, QUORUM,"
          + " LOCAL_QUORUM, EACH_QUORUM or ALL: '" + v + "'");
    }
  }

  /** {@code 3} is SimpleStrategy with factor 3; {@code dc1:3,dc2:2} is NetworkTopologyStrategy. */
  static String replication(StoreConfig config, String value) {
    String v = value.trim();
    if (v.matches("\\d{1,2}") && Integer.parseInt(v) > 0) {
      return "{'class': 'SimpleStrategy', 'replication_factor': " + Integer.parseInt(v) + "}";
    }
    Map<String, Integer> dcs = new LinkedHashMap<>();
    for (String part : v.split(",", -1)) {
      String[] dcFactor = part.trim().split(":", -1);
      if (dcFactor.length != 2 || !dcFactor[0].matches("[A-Za-z0-9_.-]+") || !dcFactor[1].matches("\\d{1,2}")
          || Integer.parseInt(dcFactor[1]) == 0) {
        throw config.invalid("option '" + REPLICATION + "' must be a replication factor (3) or datacenter"
            + " factors (dc1:3,dc2:3): '" + v + "'");
      }
      dcs.put(dcFactor[0], Integer.parseInt(dcFactor[1]));
    }
    StringBuilder sb = new StringBuilder("{'class': 'NetworkTopologyStrategy'");
    dcs.forEach((dc, n) -> sb.append(", '").append(dc).append("': ").append(n));
    return sb.append('}').toString();
  }

  /** The compaction map of new tables; see {@link io.tilekv.store.cassandra.CassandraOptions#COMPACTION}. */
  static String compaction(StoreConfig config, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher twcs = TWCS.matcher(v);
    if (twcs.matches()) {
      long size = twcs.group(1) == null ? 1 : Long.parseLong(twcs.group(1));
      String unit = twcs.group(2) == null || twcs.group(2).equals("d") ? "DAYS" : "HOURS";
      if (size < 1 || size > 10_000) {
        throw config.invalid("option '" + COMPACTION + "' has a window out of range: '" + v + "'");
      }
      return "{'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': '" + unit
          + "', 'compaction_window_size': " + size + "}";
    }
    return switch (v) {
      case "stcs" -> "{'class': 'SizeTieredCompactionStrategy'}";
      case "lcs" -> "{'class': 'LeveledCompactionStrategy'}";
      case "ucs" -> "{'class': 'UnifiedCompactionStrategy'}";
      default -> throw config.invalid("option '" + COMPACTION + "' must be twcs, twcs:<n>h, twcs:<n>d, stcs, lcs"
          + " or ucs: '" + v + "'");
    };
  }

  @Override
  public String toString() {
    return "CassandraSettings{" + storeName() + ", localDc=" + localDc.orElse("(inferred)") + ", createKeyspace="
        + createKeyspace + ", replication=" + replication + ", read=" + readConsistency + ", write="
        + writeConsistency + ", username=" + username.orElse("(none)") + ", password="
        + (password.isPresent() ? "****" : "(none)") + ", tls=" + tls + ", timeout=" + timeout
        + ", maxRequestsInFlight=" + maxRequestsInFlight + ", compaction=" + compaction + "}";
  }
}
