package io.tilekv.store.dynamodb.internal;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/** Builds the one async client of a store from its settings. */
final class DynamoDbClients {
  /** What an emulator gets when no credentials are configured: it checks only that requests are signed. */
  private static final AwsBasicCredentials LOCAL = AwsBasicCredentials.create("tilekv-local", "tilekv-local");

  private DynamoDbClients() {}

  static DynamoDbAsyncClient build(DynamoDbSettings s) {
    NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
        .maxConcurrency(s.maxConnections())
        .maxPendingConnectionAcquires(Math.max(10_000, s.maxBatchesInFlight()))
        .connectionTimeout(s.connectTimeout())
        .connectionAcquisitionTimeout(s.apiCallTimeout());
    // The SDK's standard strategy backs off throttling errors with jitter before our own retries
    // (AbstractKVStore) take over; both stay within the call's timeout.
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .apiCallTimeout(s.apiCallTimeout())
        .apiCallAttemptTimeout(s.apiCallAttemptTimeout())
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.sdkMaxAttempts()).build());
    DynamoDbAsyncClientBuilder b = DynamoDbAsyncClient.builder()
        .httpClientBuilder(http)
        .overrideConfiguration(override.build())
        .region(region(s))
        .credentialsProvider(credentials(s));
    s.endpointUri().ifPresent(b::endpointOverride);
    return b.build();
  }

  private static Region region(DynamoDbSettings s) {
    if (s.region().isPresent()) {
      return Region.of(s.region().get());
    }
    if (s.endpoint().isPresent()) {
      // An emulator ignores the region; avoid the chain's instance-metadata probe for it.
      String env = System.getenv("AWS_REGION");
      String prop = System.getProperty("aws.region");
      return Region.of(prop != null ? prop : env != null ? env : "us-east-1");
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      throw new io.tilekv.spi.KVStoreException(io.tilekv.spi.KVStoreException.Kind.INVALID_CONFIG, s.storeName(),
          "no AWS region: give the option 'region' or set AWS_REGION (" + e.getMessage() + ")");
    }
  }

  private static AwsCredentialsProvider credentials(DynamoDbSettings s) {
    if (s.accessKeyId().isPresent()) {
      String id = s.accessKeyId().get();
      String secret = s.secretAccessKey().orElseThrow();
      return StaticCredentialsProvider.create(s.sessionToken().isPresent()
          ? AwsSessionCredentials.create(id, secret, s.sessionToken().get())
          : AwsBasicCredentials.create(id, secret));
    }
    if (s.endpoint().isPresent()) {
      // Environment, system properties and profile first, then placeholder keys for an emulator;
      // never the instance-metadata probe, which would stall the first call off EC2.
      return AwsCredentialsProviderChain.builder()
          .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
              SystemPropertyCredentialsProvider.create(), ProfileCredentialsProvider.create(),
              StaticCredentialsProvider.create(LOCAL))
          .reuseLastProviderEnabled(true).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
