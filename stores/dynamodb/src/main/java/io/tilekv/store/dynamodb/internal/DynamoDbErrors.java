package io.tilekv.store.dynamodb.internal;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Turns what the AWS SDK and DynamoDB report into typed {@link KVStoreException}s. */
final class DynamoDbErrors {
  /** DynamoDB's and STS's answers to missing, wrong, expired or unauthorised credentials. */
  private static final Set<String> AUTH_CODES = Set.of("UnrecognizedClientException",
      "InvalidSignatureException", "MissingAuthenticationTokenException", "AccessDeniedException",
      "ExpiredTokenException", "IncompleteSignatureException", "InvalidClientTokenId",
      "MissingAuthenticationToken", "SignatureDoesNotMatch", "InvalidAccessKeyId");
  private static final Set<String> THROTTLE_CODES = Set.of("ProvisionedThroughputExceededException",
      "RequestLimitExceeded", "ThrottlingException", "Throttling", "TooManyRequestsException",
      "LimitExceededException");

  private DynamoDbErrors() {}

  /** The store error for {@code t}; {@code table} names what the call touched. */
  static KVStoreException map(String store, String operation, String table, Throwable t) {
    KVStoreException known = KVStoreException.unwrap(t);
    if (known != null) {
      return known;
    }
    Throwable cause = t;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    Kind kind = classify(cause);
    String where = table == null ? "" : " (table " + table + ")";
    return new KVStoreException(kind, store, operation + where + " failed: " + describe(cause, kind), cause);
  }

  /** True if {@code t} says the table does not exist. */
  static boolean isMissingTable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ResourceNotFoundException) {
        return true;
      }
    }
    return false;
  }

  private static Kind classify(Throwable t) {
    if (t instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
      if (AUTH_CODES.contains(code) || s.statusCode() == 403) {
        return Kind.AUTHENTICATION;
      }
      if (s.isThrottlingException() || THROTTLE_CODES.contains(code)
          || s instanceof ProvisionedThroughputExceededException || s instanceof RequestLimitExceededException) {
        return Kind.THROTTLED;
      }
      if (s instanceof ResourceNotFoundException) {
        return Kind.INVALID_CONFIG;
      }
      if (code.equals("ValidationException") && String.valueOf(s.getMessage()).contains("Item size")) {
        return Kind.VALUE_TOO_LARGE;
      }
      // 5xx (InternalServerError, ServiceUnavailable) may succeed when repeated.
      return s.statusCode() >= 500 ? Kind.UNAVAILABLE : Kind.INTERNAL;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApiCallTimeoutException || c instanceof ApiCallAttemptTimeoutException
          || c instanceof TimeoutException) {
        return Kind.TIMEOUT;
      }
      if (c instanceof IOException || c instanceof CancellationException) {
        return Kind.UNAVAILABLE;
      }
      String msg = String.valueOf(c.getMessage());
      if (c instanceof SdkClientException && msg.contains("Unable to load credentials")) {
        return Kind.AUTHENTICATION;
      }
      if (c instanceof SdkClientException && (msg.contains("Unable to execute HTTP request")
          || msg.contains("Connection refused") || msg.contains("connect"))) {
        return Kind.UNAVAILABLE;
      }
    }
    return Kind.INTERNAL;
  }

  private static String describe(Throwable t, Kind kind) {
    String why = t.getClass().getSimpleName() + ": " + t.getMessage();
    return switch (kind) {
      case AUTHENTICATION -> "the credentials were rejected or are missing (check the options 'access-key-id' and "
          + "'secret-access-key', or the SDK's credentials chain): " + why;
      case UNAVAILABLE -> "DynamoDB is unreachable: " + why;
      case THROTTLED -> "DynamoDB throttled the request: " + why;
      case INVALID_CONFIG -> "the table does not exist; create the dataset first (or check 'table-prefix'): " + why;
      default -> why;
    };
  }
}
