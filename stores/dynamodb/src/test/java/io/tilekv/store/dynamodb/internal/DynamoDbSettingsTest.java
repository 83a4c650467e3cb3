package io.tilekv.store.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.dynamodb.DynamoDbOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DynamoDbSettingsTest {
  private static DynamoDbSettings parse(String... kv) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      options.put(kv[i], kv[i + 1]);
    }
    return DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
  }

  private static KVStoreException invalid(String... kv) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parse(kv));
    assertThat(t).isInstanceOf(KVStoreException.class);
    KVStoreException e = (KVStoreException) t;
    assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
    return e;
  }

  @Test
  void defaultsAreAwsOnDemandEventuallyConsistentWithTtl() {
    DynamoDbSettings s = parse();

    assertThat(s.endpoint()).isEmpty();
    assertThat(s.tls()).isFalse();
    assertThat(s.region()).isEmpty();
    assertThat(s.accessKeyId()).isEmpty();
    assertThat(s.tablePrefix()).isEqualTo("tilekv_");
    assertThat(s.consistentRead()).isFalse();
    assertThat(s.provisioned()).isFalse();
    assertThat(s.enableTtl()).isTrue();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.maxConnections()).isEqualTo(64);
    assertThat(s.sdkMaxAttempts()).isEqualTo(3);
    assertThat(s.maxBatchesInFlight()).isEqualTo(64);
    assertThat(s.storeName()).isEqualTo("dynamodb:(default region)");
  }

  @Test
  void everyOptionIsRead() {
    DynamoDbSettings s = parse("location", "localhost:8000/", "tls", "true", "region", "eu-west-1",
        "access-key-id", "AKID", "secret-access-key", "s3cr3t", "session-token", "t0k3n",
        "table-prefix", "prod.", "consistent-read", "true", "capacity-mode", "provisioned",
        "read-capacity", "40", "write-capacity", "7", "enable-ttl", "false", "timeout", "4s",
        "api-call-timeout", "3s", "api-call-attempt-timeout", "700ms", "connect-timeout", "300ms",
        "max-connections", "8", "sdk-max-attempts", "1", "max-batches-in-flight", "16");

    assertThat(s.endpoint()).contains("localhost:8000");
    assertThat(s.endpointUri()).hasValueSatisfying(u -> assertThat(u).hasToString("https://localhost:8000"));
    assertThat(s.region()).contains("eu-west-1");
    assertThat(s.accessKeyId()).contains("AKID");
    assertThat(s.secretAccessKey()).contains("s3cr3t");
    assertThat(s.sessionToken()).contains("t0k3n");
    assertThat(s.tablePrefix()).isEqualTo("prod.");
    assertThat(s.consistentRead()).isTrue();
    assertThat(s.provisioned()).isTrue();
    assertThat(s.readCapacity()).isEqualTo(40);
    assertThat(s.writeCapacity()).isEqualTo(7);
    assertThat(s.enableTtl()).isFalse();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(s.maxConnections()).isEqualTo(8);
    assertThat(s.sdkMaxAttempts()).isEqualTo(1);
    assertThat(s.maxBatchesInFlight()).isEqualTo(16);
    assertThat(s.storeName()).isEqualTo("dynamodb://localhost:8000");
  }

  @Test
  void shorterTimeoutShortensTheSdkTimeoutsByDefault() {
    DynamoDbSettings s = parse("timeout", "1s");

    assertThat(s.apiCallTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void secretsNeverShowInToStringOrErrors() {
    DynamoDbSettings s = parse("access-key-id", "AKID", "secret-access-key", "s3cr3t", "session-token", "t0k3n");
    assertThat(s.toString()).contains("AKID").doesNotContain("s3cr3t").doesNotContain("t0k3n");

    StoreConfig config = new StoreConfig("dynamodb", Map.of("secret-access-key", "s3cr3t", "access-key-id", "AKID",
        "timeout", "soon"), DynamoDbOptions.SECRET);
    assertThat(config.toString()).doesNotContain("s3cr3t");
    assertThatThrownBy(() -> KVStores.open("dynamodb://127.0.0.1:1?secret-access-key=s3cr3t&bogus=1"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"))
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> KVStores.open("dynamodb://127.0.0.1:1?secret-access-key=s3cr3t"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"))
        .hasMessageContaining("go together");
  }

  @Test
  void wrongValuesAreInvalidConfigNamingTheOption() {
    assertThat(invalid("location", "localhost").getMessage()).contains("host:port");
    assertThat(invalid("location", "a:1,b:2").getMessage()).contains("one host:port");
    assertThat(invalid("location", "localhost:99999").getMessage()).contains("port");
    assertThat(invalid("location", "user:pw@localhost:8000").getMessage()).contains("credentials");
    assertThat(invalid("tls", "true").getMessage()).contains("tls");
    assertThat(invalid("region", "EU West").getMessage()).contains("region");
    assertThat(invalid("access-key-id", "AKID").getMessage()).contains("secret-access-key");
    assertThat(invalid("table-prefix", "bad/prefix").getMessage()).contains("table-prefix");
    assertThat(invalid("capacity-mode", "lots").getMessage()).contains("capacity-mode");
    assertThat(invalid("read-capacity", "5").getMessage()).contains("provisioned");
    assertThat(invalid("capacity-mode", "provisioned", "write-capacity", "0").getMessage()).contains("write-capacity");
    assertThat(invalid("timeout", "0s").getMessage()).contains("timeout");
    assertThat(invalid("max-connections", "-1").getMessage()).contains("max-connections");
    assertThat(invalid("consistent-read", "maybe").getMessage()).contains("consistent-read");
  }

  @Test
  void bothUriFormsOpenAStoreWithoutConnecting() {
    try (KVStore endpoint = KVStores.open("dynamodb://127.0.0.1:8000?region=us-east-1");
        KVStore aws = KVStores.open("dynamodb:?region=eu-central-1&access-key-id=AKID&secret-access-key=x")) {
      assertThat(endpoint.name()).isEqualTo("dynamodb://127.0.0.1:8000");
      assertThat(aws.name()).isEqualTo("dynamodb:eu-central-1");
      assertThat(endpoint.capabilities().maxGetBatch()).isEqualTo(100);
      assertThat(endpoint.capabilities().maxPutBatch()).isEqualTo(25);
      assertThat(endpoint.capabilities().maxKeyBytes()).isEqualTo(1024);
      assertThat(endpoint.capabilities().maxValueBytes()).isEqualTo(400_000);
    }
    assertThat(parse("location", "").endpoint()).isEqualTo(Optional.empty());
  }
}
