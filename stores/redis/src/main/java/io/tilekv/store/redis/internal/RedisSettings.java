package io.tilekv.store.redis.internal;

import static io.tilekv.store.redis.RedisOptions.DATABASE;
import static io.tilekv.store.redis.RedisOptions.PASSWORD;
import static io.tilekv.store.redis.RedisOptions.TIMEOUT;
import static io.tilekv.store.redis.RedisOptions.TLS;
import static io.tilekv.store.redis.RedisOptions.TLS_CA_FILE;
import static io.tilekv.store.redis.RedisOptions.TLS_VERIFY;
import static io.tilekv.store.redis.RedisOptions.USER;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.support.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed, validated Redis store configuration. Immutable. {@link #toString()} never shows the
 * password.
 *
 * @param mode standalone, standalone over TLS, or cluster
 * @param scheme the provider name, which starts the store's name
 * @param nodes the server, or the cluster's seed nodes
 * @param timeout bound on connecting and on every operation
 * @param user ACL user, empty for Redis' default user
 * @param password password, empty for none
 * @param database logical database (standalone only)
 * @param tls whether connections use TLS
 * @param verify how the server certificate is checked
 * @param caFile PEM CA certificates to trust instead of the JVM's trust store
 */
public record RedisSettings(Mode mode, String scheme, List<HostPort> nodes, Duration timeout,
    Optional<String> user, Optional<String> password, int database, boolean tls, SslVerifyMode verify,
    Optional<Path> caFile) {

  /** Default bound on connecting and on each operation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_PORT = 6379;

  /** How the store talks to Redis; the URI scheme picks it. */
  public enum Mode {
    STANDALONE("redis", false), STANDALONE_TLS("rediss", true), CLUSTER("redis-cluster", false);

    final String scheme;
    final boolean tlsForced;

    Mode(String scheme, boolean tlsForced) {
      this.scheme = scheme;
      this.tlsForced = tlsForced;
    }

    boolean cluster() {
      return this == CLUSTER;
    }
  }

  public RedisSettings {
    Objects.requireNonNull(mode, "mode is null");
    nodes = List.copyOf(nodes);
  }

  /**
   * Parses and checks {@code config} for {@code mode}.
   *
   * @throws io.tilekv.spi.KVStoreException INVALID_CONFIG naming the option that is wrong
   */
  public static RedisSettings parse(StoreConfig config, Mode mode) {
    List<HostPort> nodes = parseLocation(config, config.require(StoreConfig.LOCATION), mode);
    Duration timeout = config.getDuration(TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      throw config.invalid("option '" + TIMEOUT + "' must be positive");
    }
    int database = config.getInt(DATABASE, 0);
    if (database < 0) {
      throw config.invalid("option '" + DATABASE + "' must not be negative: " + database);
    }
    if (mode.cluster() && database != 0) {
      throw config.invalid("Redis Cluster has only database 0; remove option '" + DATABASE + "'");
    }
    boolean tls = config.getBoolean(TLS, mode.tlsForced);
    if (mode.tlsForced && !tls) {
      throw config.invalid("'" + mode.scheme + "' always uses TLS; use 'redis://' for plain connections");
    }
    SslVerifyMode verify = switch (config.getString(TLS_VERIFY, "full").trim().toLowerCase(Locale.ROOT)) {
      case "full" -> SslVerifyMode.FULL;
      case "ca" -> SslVerifyMode.CA;
      case "none" -> SslVerifyMode.NONE;
      default -> throw config.invalid("option '" + TLS_VERIFY + "' must be full, ca or none: '"
          + config.getString(TLS_VERIFY, "") + "'");
    };
    Optional<Path> caFile = config.get(TLS_CA_FILE).map(Path::of);
    if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
      throw config.invalid("option '" + TLS_CA_FILE + "' names no readable file: " + caFile.get());
    }
    if (!tls && (config.get(TLS_VERIFY).isPresent() || caFile.isPresent())) {
      throw config.invalid("options '" + TLS_VERIFY + "' and '" + TLS_CA_FILE + "' need TLS ('rediss://' or tls=true)");
    }
    Optional<String> user = config.get(USER).filter(u -> !u.isEmpty());
    Optional<String> password = config.get(PASSWORD).filter(p -> !p.isEmpty());
    if (user.isPresent() && password.isEmpty()) {
      throw config.invalid("option '" + USER + "' needs option '" + PASSWORD + "'");
    }
    return new RedisSettings(mode, mode.scheme, nodes, timeout, user, password, database, tls, verify, caFile);
  }

  private static List<HostPort> parseLocation(StoreConfig config, String location, Mode mode) {
    List<HostPort> nodes = HostPort.parseAll(config, location, DEFAULT_PORT, USER, PASSWORD);
    if (nodes.size() > 1 && !mode.cluster()) {
      throw config.invalid("'" + mode.scheme + "' takes one host:port; several nodes need 'redis-cluster://'");
    }
    return nodes;
  }

  /** The name errors carry: scheme and nodes, never credentials. */
  public String storeName() {
    return scheme + "://" + String.join(",", nodes.stream().map(HostPort::toString).toList())
        + (database != 0 ? "/" + database : "");
  }

  /** Lettuce's address of {@code node} with these credentials, TLS and timeout. */
  RedisURI uri(HostPort node) {
    RedisURI.Builder b = RedisURI.builder().withHost(node.host()).withPort(node.port())
        .withTimeout(timeout).withDatabase(database).withSsl(tls);
    if (tls) {
      b.withVerifyPeer(verify);
    }
    if (password.isPresent()) {
      if (user.isPresent()) {
        b.withAuthentication(user.get(), password.get());
      } else {
        b.withPassword(password.get().toCharArray());
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "RedisSettings{" + storeName() + ", timeout=" + timeout + ", user=" + user.orElse("(default)")
        + ", password=" + (password.isPresent() ? "****" : "(none)") + ", tls=" + tls
        + (tls ? ", verify=" + verify + caFile.map(f -> ", ca=" + f).orElse("") : "") + "}";
  }
}
