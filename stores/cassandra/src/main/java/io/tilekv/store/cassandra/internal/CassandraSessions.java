package io.tilekv.store.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/** Opens and closes the one {@link CqlSession} of a store, configured in code (no application.conf). */
final class CassandraSessions {
  private CassandraSessions() {}

  static CqlSession open(CassandraSettings config) {
    Duration timeout = config.timeout();
    ProgrammaticDriverConfigLoaderBuilder options = DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.SESSION_NAME, "tilekv")
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, timeout)
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, timeout)
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.readConsistency().name())
        .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
        .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
        // Bounds statements in flight per store; the queue absorbs bursts, the base bounds time.
        .withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
        .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, config.maxRequestsInFlight())
        .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, 1_000_000)
        // The store never uses the schema metadata of other keyspaces.
        .withStringList(DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, java.util.List.of(config.keyspace()))
        .withInt(DefaultDriverOption.SESSION_LEAK_THRESHOLD, 1_000);
    if (config.localDc().isEmpty()) {
      options.withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
    }
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(options.build())
        .addContactPoints(config.contactPoints());
    config.localDc().ifPresent(builder::withLocalDatacenter);
    if (config.username().isPresent()) {
      builder.withAuthCredentials(config.username().get(), config.password().orElseThrow());
    }
    if (config.tls()) {
      try {
        builder.withSslContext(SSLContext.getDefault());
      } catch (NoSuchAlgorithmException e) {
        throw new KVStoreException(Kind.INVALID_CONFIG, config.storeName(), "no default TLS context: " + e, e);
      }
    }
    CompletableFuture<CqlSession> connecting = builder.buildAsync().toCompletableFuture();
    try {
      return await(config, "connect", connecting);
    } catch (KVStoreException e) {
      connecting.thenAccept(CqlSession::forceCloseAsync); // if it connects after all
      throw e;
    }
  }

  /** Waits for {@code stage} up to the timeout, turning failures into typed errors. */
  static <T> T await(CassandraSettings config, String what, CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new KVStoreException(Kind.TIMEOUT, config.storeName(), what + " did not finish within "
          + config.timeout(), e);
    } catch (ExecutionException e) {
      throw CassandraErrors.map(config.storeName(), what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KVStoreException(Kind.UNAVAILABLE, config.storeName(), what + " was interrupted", e);
    }
  }

  /** Closes gracefully within {@code grace}, then forcibly. */
  static void close(CqlSession session, Duration grace) {
    try {
      session.closeAsync().toCompletableFuture().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.forceCloseAsync();
    } catch (ExecutionException | TimeoutException e) {
      session.forceCloseAsync();
    }
  }
}
