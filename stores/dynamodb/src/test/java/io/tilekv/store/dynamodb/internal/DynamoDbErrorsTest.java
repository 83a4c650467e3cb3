package io.tilekv.store.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStoreException.Kind;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class DynamoDbErrorsTest {
  private static DynamoDbException service(String code, int status) {
    return (DynamoDbException) DynamoDbException.builder().statusCode(status).message(code + " message")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
  }

  private static Kind kind(Throwable t) {
    return DynamoDbErrors.map("dynamodb://h:1", "multiGet", "t", new CompletionException(t)).kind();
  }

  @Test
  void throttlingIsThrottledAndRetryable() {
    assertThat(kind(ProvisionedThroughputExceededException.builder().statusCode(400).message("x").build()))
        .isEqualTo(Kind.THROTTLED);
    assertThat(kind(service("ThrottlingException", 400))).isEqualTo(Kind.THROTTLED);
    assertThat(kind(service("RequestLimitExceeded", 400))).isEqualTo(Kind.THROTTLED);
    assertThat(Kind.THROTTLED.retryable()).isTrue();
  }

  @Test
  void rejectedOrMissingCredentialsAreAuthentication() {
    assertThat(kind(service("UnrecognizedClientException", 400))).isEqualTo(Kind.AUTHENTICATION);
    assertThat(kind(service("InvalidSignatureException", 400))).isEqualTo(Kind.AUTHENTICATION);
    assertThat(kind(service("AccessDeniedException", 400))).isEqualTo(Kind.AUTHENTICATION);
    assertThat(kind(SdkClientException.create("Unable to load credentials from any of the providers")))
        .isEqualTo(Kind.AUTHENTICATION);
  }

  @Test
  void unreachableIsUnavailableAndSdkTimeoutsAreTimeout() {
    assertThat(kind(SdkClientException.create("Unable to execute HTTP request: Connection refused",
        new ConnectException("Connection refused")))).isEqualTo(Kind.UNAVAILABLE);
    assertThat(kind(ApiCallTimeoutException.create(1000))).isEqualTo(Kind.TIMEOUT);
    assertThat(kind(service("InternalServerError", 500))).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void validationIsNotRetriedAndAMissingTableNamesTheTable() {
    assertThat(kind(service("ValidationException", 400))).isEqualTo(Kind.INTERNAL);
    assertThat(DynamoDbErrors.map("s", "multiPut", "tilekv_x",
        ResourceNotFoundException.builder().statusCode(400).message("no table").build()))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .satisfies(e -> assertThat(e.getMessage()).contains("tilekv_x"));
  }
}
