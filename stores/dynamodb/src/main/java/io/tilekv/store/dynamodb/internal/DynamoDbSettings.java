package io.tilekv.store.dynamodb.internal;

import static io.tilekv.store.dynamodb.DynamoDbOptions.ACCESS_KEY_ID;
import static io.tilekv.store.dynamodb.DynamoDbOptions.API_CALL_ATTEMPT_TIMEOUT;
import static io.tilekv.store.dynamodb.DynamoDbOptions.API_CALL_TIMEOUT;
import static io.tilekv.store.dynamodb.DynamoDbOptions.CAPACITY_MODE;
import static io.tilekv.store.dynamodb.DynamoDbOptions.CONNECT_TIMEOUT;
import static io.tilekv.store.dynamodb.DynamoDbOptions.CONSISTENT_READ;
import static io.tilekv.store.dynamodb.DynamoDbOptions.ENABLE_TTL;
import static io.tilekv.store.dynamodb.DynamoDbOptions.MAX_BATCHES_IN_FLIGHT;
import static io.tilekv.store.dynamodb.DynamoDbOptions.MAX_CONNECTIONS;
import static io.tilekv.store.dynamodb.DynamoDbOptions.READ_CAPACITY;
import static io.tilekv.store.dynamodb.DynamoDbOptions.REGION;
import static io.tilekv.store.dynamodb.DynamoDbOptions.SDK_MAX_ATTEMPTS;
import static io.tilekv.store.dynamodb.DynamoDbOptions.SECRET_ACCESS_KEY;
import static io.tilekv.store.dynamodb.DynamoDbOptions.SESSION_TOKEN;
import static io.tilekv.store.dynamodb.DynamoDbOptions.TABLE_PREFIX;
import static io.tilekv.store.dynamodb.DynamoDbOptions.TIMEOUT;
import static io.tilekv.store.dynamodb.DynamoDbOptions.TLS;
import static io.tilekv.store.dynamodb.DynamoDbOptions.WRITE_CAPACITY;

import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.support.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed, validated DynamoDB store configuration. Immutable. {@link #toString()} never shows the
 * secret key or the session token.
 *
 * @param endpoint {@code host:port} of a DynamoDB-compatible endpoint, empty for AWS
 * @param tls HTTPS to the endpoint
 * @param region the region, empty to ask the SDK's region chain (AWS only)
 * @param accessKeyId static access key id, empty for the credentials chain
 * @param secretAccessKey static secret key, present exactly when {@code accessKeyId} is
 * @param sessionToken session token of temporary static credentials
 * @param tablePrefix table name = prefix + dataset
 * @param consistentRead strongly consistent reads
 * @param provisioned provisioned capacity for created tables (else on-demand)
 * @param readCapacity read units of a provisioned table
 * @param writeCapacity write units of a provisioned table
 * @param enableTtl enable DynamoDB TTL on created tables
 * @param timeout bound on every store call
 * @param apiCallTimeout bound on one SDK call, SDK retries included
 * @param apiCallAttemptTimeout bound on one HTTP attempt
 * @param connectTimeout bound on opening a connection
 * @param maxConnections most HTTP connections
 * @param sdkMaxAttempts attempts of the SDK's retry strategy
 * @param maxBatchesInFlight batches in flight per store
 */
public record DynamoDbSettings(Optional<String> endpoint, boolean tls, Optional<String> region,
    Optional<String> accessKeyId, Optional<String> secretAccessKey, Optional<String> sessionToken,
    String tablePrefix, boolean consistentRead, boolean provisioned, long readCapacity, long writeCapacity,
    boolean enableTtl, Duration timeout, Duration apiCallTimeout, Duration apiCallAttemptTimeout,
    Duration connectTimeout, int maxConnections, int sdkMaxAttempts, int maxBatchesInFlight) {

  public static final String DEFAULT_TABLE_PREFIX = "tilekv_";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final int DEFAULT_SDK_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_CAPACITY = 5;
  /** Longest table prefix: DynamoDB table names have at most 255 characters, datasets 64. */
  static final int MAX_PREFIX = 255 - 64;

  public DynamoDbSettings {
    Objects.requireNonNull(endpoint, "endpoint is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(tablePrefix, "tablePrefix is null");
  }

  /**
   * Parses and checks {@code config}.
   *
   * @throws io.tilekv.spi.KVStoreException INVALID_CONFIG naming the option that is wrong
   */
  public static DynamoDbSettings parse(StoreConfig config) {
    Optional<String> endpoint = config.get(StoreConfig.LOCATION).map(String::trim)
        .map(l -> l.replaceAll("/+$", "")).filter(l -> !l.isEmpty()).map(l -> endpoint(config, l));
    boolean tls = config.getBoolean(TLS, false);
    if (tls && endpoint.isEmpty()) {
      throw config.invalid("option '" + TLS + "' needs an endpoint (dynamodb://HOST:PORT); AWS itself is always HTTPS");
    }
    Optional<String> region = config.get(REGION).map(String::trim).filter(r -> !r.isEmpty());
    region.ifPresent(r -> {
      if (!r.matches("[a-z0-9-]+")) {
        throw config.invalid("option '" + REGION + "' is not a region name like eu-west-1: '" + r + "'");
      }
    });
    Optional<String> keyId = config.get(ACCESS_KEY_ID).filter(s -> !s.isEmpty());
    Optional<String> secret = config.get(SECRET_ACCESS_KEY).filter(s -> !s.isEmpty());
    Optional<String> token = config.get(SESSION_TOKEN).filter(s -> !s.isEmpty());
    if (keyId.isPresent() != secret.isPresent()) {
      throw config.invalid("options '" + ACCESS_KEY_ID + "' and '" + SECRET_ACCESS_KEY + "' go together");
    }
    if (token.isPresent() && keyId.isEmpty()) {
      throw config.invalid("option '" + SESSION_TOKEN + "' needs '" + ACCESS_KEY_ID + "' and '" + SECRET_ACCESS_KEY + "'");
    }
    String prefix = config.getString(TABLE_PREFIX, DEFAULT_TABLE_PREFIX);
    if (!prefix.matches("[A-Za-z0-9_.-]{0," + MAX_PREFIX + "}")) {
      throw config.invalid("option '" + TABLE_PREFIX + "' must be at most " + MAX_PREFIX
          + " characters of [A-Za-z0-9_.-]: '" + prefix + "'");
    }
    boolean provisioned = switch (config.getString(CAPACITY_MODE, "on-demand").trim().toLowerCase(Locale.ROOT)) {
      case "on-demand", "pay-per-request" -> false;
      case "provisioned" -> true;
      default -> throw config.invalid("option '" + CAPACITY_MODE + "' must be on-demand or provisioned: '"
          + config.getString(CAPACITY_MODE, "") + "'");
    };
    if (!provisioned && (config.get(READ_CAPACITY).isPresent() || config.get(WRITE_CAPACITY).isPresent())) {
      throw config.invalid("options '" + READ_CAPACITY + "' and '" + WRITE_CAPACITY + "' need " + CAPACITY_MODE + "=provisioned");
    }
    long rcu = positive(config, READ_CAPACITY, config.getInt(READ_CAPACITY, (int) DEFAULT_CAPACITY));
    long wcu = positive(config, WRITE_CAPACITY, config.getInt(WRITE_CAPACITY, (int) DEFAULT_CAPACITY));
    Duration timeout = positive(config, TIMEOUT, config.getDuration(TIMEOUT, DEFAULT_TIMEOUT));
    Duration callTimeout = positive(config, API_CALL_TIMEOUT, config.getDuration(API_CALL_TIMEOUT, timeout));
    Duration attemptTimeout = positive(config, API_CALL_ATTEMPT_TIMEOUT,
        config.getDuration(API_CALL_ATTEMPT_TIMEOUT, min(DEFAULT_ATTEMPT_TIMEOUT, callTimeout)));
    Duration connectTimeout = positive(config, CONNECT_TIMEOUT,
        config.getDuration(CONNECT_TIMEOUT, min(DEFAULT_CONNECT_TIMEOUT, attemptTimeout)));
    int connections = (int) positive(config, MAX_CONNECTIONS, config.getInt(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS));
    int attempts = (int) positive(config, SDK_MAX_ATTEMPTS, config.getInt(SDK_MAX_ATTEMPTS, DEFAULT_SDK_MAX_ATTEMPTS));
    int inFlight = (int) positive(config, MAX_BATCHES_IN_FLIGHT, config.getInt(MAX_BATCHES_IN_FLIGHT, 64));
    return new DynamoDbSettings(endpoint, tls, region, keyId, secret, token, prefix,
        config.getBoolean(CONSISTENT_READ, false), provisioned, rcu, wcu, config.getBoolean(ENABLE_TTL, true),
        timeout, callTimeout, attemptTimeout, connectTimeout, connections, attempts, inFlight);
  }

  /** The one {@code host:port} of {@code location}, normalised. */
  private static String endpoint(StoreConfig config, String location) {
    List<HostPort> endpoints = HostPort.parseAll(config, location, 0, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    if (endpoints.size() != 1) {
      throw config.invalid("location must be one host:port, got '" + location + "'");
    }
    return endpoints.get(0).toString();
  }

  private static long positive(StoreConfig config, String option, long value) {
    if (value <= 0) {
      throw config.invalid("option '" + option + "' must be positive: " + value);
    }
    return value;
  }

  private static Duration positive(StoreConfig config, String option, Duration value) {
    if (value.isZero()) {
      throw config.invalid("option '" + option + "' must be positive");
    }
    return value;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The name errors carry: scheme with the endpoint or the region, never credentials. */
  public String storeName() {
    return endpoint.map(e -> "dynamodb://" + e).orElseGet(() -> "dynamodb:" + region.orElse("(default region)"));
  }

  /** The endpoint URI, if any: {@code http(s)://host:port}. */
  Optional<java.net.URI> endpointUri() {
    return endpoint.map(e -> java.net.URI.create((tls ? "https://" : "http://") + e));
  }

  @Override
  public String toString() {
    return "DynamoDbSettings{" + storeName() + (tls ? ", tls" : "") + ", region=" + region.orElse("(chain)")
        + ", credentials=" + accessKeyId.map(k -> "static " + k + " / ****" + (sessionToken.isPresent() ? " / ****" : ""))
            .orElse("(chain)")
        + ", tablePrefix=" + tablePrefix + ", consistentRead=" + consistentRead
        + ", capacity=" + (provisioned ? "provisioned " + readCapacity + "/" + writeCapacity : "on-demand")
        + ", enableTtl=" + enableTtl + ", timeout=" + timeout + ", apiCallTimeout=" + apiCallTimeout
        + ", apiCallAttemptTimeout=" + apiCallAttemptTimeout + ", connectTimeout=" + connectTimeout
        + ", maxConnections=" + maxConnections + ", sdkMaxAttempts=" + sdkMaxAttempts
        + ", maxBatchesInFlight=" + maxBatchesInFlight + "}";
  }
}
