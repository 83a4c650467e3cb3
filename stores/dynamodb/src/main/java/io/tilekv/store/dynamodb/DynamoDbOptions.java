package io.tilekv.store.dynamodb;

import java.util.Set;

/**
 * The options of the {@code dynamodb} store, given as URI query parameters
 * ({@code dynamodb:?region=eu-west-1}, {@code dynamodb://127.0.0.1:8000?region=us-east-1}) or as a
 * map to {@link io.tilekv.spi.KVStores#open(String, java.util.Map)}. Unknown options are rejected.
 * docs/stores/dynamodb.md lists each with its default.
 */
public final class DynamoDbOptions {
  /** {@code host:port} of a DynamoDB-compatible endpoint; absent for AWS itself. */
  public static final String LOCATION = io.tilekv.spi.StoreConfig.LOCATION;
  /** AWS region. Default: the SDK's region chain for AWS, {@code AWS_REGION} or us-east-1 for an endpoint. */
  public static final String REGION = "region";
  /** HTTPS to the endpoint (only with {@link #LOCATION}; AWS itself is always HTTPS). Default false. */
  public static final String TLS = "tls";
  /** Static access key id; default the SDK's credentials chain. Needs {@link #SECRET_ACCESS_KEY}. */
  public static final String ACCESS_KEY_ID = "access-key-id";
  /** Static secret access key, secret: never logged or shown. */
  public static final String SECRET_ACCESS_KEY = "secret-access-key";
  /** Session token of temporary static credentials, secret. Default none. */
  public static final String SESSION_TOKEN = "session-token";
  /** Table name = prefix + dataset. Default {@code tilekv_}. */
  public static final String TABLE_PREFIX = "table-prefix";
  /** Strongly consistent reads (twice the read units). Default false: eventually consistent. */
  public static final String CONSISTENT_READ = "consistent-read";
  /** Capacity of tables this store creates: {@code on-demand} or {@code provisioned}. Default on-demand. */
  public static final String CAPACITY_MODE = "capacity-mode";
  /** Read capacity units of a provisioned table. Default 5. */
  public static final String READ_CAPACITY = "read-capacity";
  /** Write capacity units of a provisioned table. Default 5. */
  public static final String WRITE_CAPACITY = "write-capacity";
  /** Enable DynamoDB TTL on the expiry attribute of tables (best effort). Default true. */
  public static final String ENABLE_TTL = "enable-ttl";
  /** Bound on every store call, retries included, e.g. {@code 500ms}, {@code 10s}. Default 10s. */
  public static final String TIMEOUT = "timeout";
  /** Bound on one SDK call, its SDK retries included. Default: {@link #TIMEOUT}. */
  public static final String API_CALL_TIMEOUT = "api-call-timeout";
  /** Bound on one HTTP attempt of an SDK call. Default 3s. */
  public static final String API_CALL_ATTEMPT_TIMEOUT = "api-call-attempt-timeout";
  /** Bound on opening a connection. Default 2s. */
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  /** Most open HTTP connections of the client. Default 64. */
  public static final String MAX_CONNECTIONS = "max-connections";
  /** Attempts of the SDK's standard retry strategy (throttling backoff), the first included. Default 3. */
  public static final String SDK_MAX_ATTEMPTS = "sdk-max-attempts";
  /** Batches sent and not yet answered, for the whole store instance. Default 64. */
  public static final String MAX_BATCHES_IN_FLIGHT = "max-batches-in-flight";

  /** Every option; none is required. */
  public static final Set<String> OPTIONAL = Set.of(LOCATION, REGION, TLS, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
      SESSION_TOKEN, TABLE_PREFIX, CONSISTENT_READ, CAPACITY_MODE, READ_CAPACITY, WRITE_CAPACITY, ENABLE_TTL,
      TIMEOUT, API_CALL_TIMEOUT, API_CALL_ATTEMPT_TIMEOUT, CONNECT_TIMEOUT, MAX_CONNECTIONS, SDK_MAX_ATTEMPTS,
      MAX_BATCHES_IN_FLIGHT);
  /** Options whose values are secrets. */
  public static final Set<String> SECRET = Set.of(SECRET_ACCESS_KEY, SESSION_TOKEN);

  private DynamoDbOptions() {}
}
