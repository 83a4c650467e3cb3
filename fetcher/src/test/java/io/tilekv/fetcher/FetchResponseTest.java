package io.tilekv.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchResponseTest {
  private static FetchResponse sample() {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("customer_id", "alice");
    key.put("shop", 7L);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("customer_id_count_6h", 3L);
    features.put("flavour_last_6h", "vanilla");
    features.put("price_average_6h", null);
    features.put("price_approx_percentile_7d", List.of(2.5, 4.0));
    features.put("flavour_histogram_1d", Map.of("mint", 2L));
    return new FetchResponse("ice_cream", key, 1705329120000L, features,
        Map.of("flavour_last_1d", "tile 1d@2024-01-15T00:00:00Z cannot be decoded: \"bad\""));
  }

  @Test
  void jsonHasTheCommandLineShapeWithTypedValuesAndEscapedReasons() {
    assertThat(sample().toJson()).isEqualTo("{\"key\":{\"customer_id\":\"alice\",\"shop\":7},"
        + "\"at\":1705329120000,\"features\":{\"customer_id_count_6h\":3,\"flavour_last_6h\":\"vanilla\","
        + "\"price_average_6h\":null,\"price_approx_percentile_7d\":[2.5,4.0],"
        + "\"flavour_histogram_1d\":{\"mint\":2}},"
        + "\"errors\":{\"flavour_last_1d\":\"tile 1d@2024-01-15T00:00:00Z cannot be decoded: \\\"bad\\\"\"}}");
  }

  @Test
  void jsonOfACompleteResponseHasAnEmptyErrorsObjectAndBytesAsBase64() {
    FetchResponse r = new FetchResponse("g", Map.of("k", "x"), 5L, Map.of("b_last_1h", new byte[] {1, 2, 3}), Map.of());

    assertThat(r.toJson()).isEqualTo("{\"key\":{\"k\":\"x\"},\"at\":5,\"features\":{\"b_last_1h\":\"AQID\"},\"errors\":{}}");
    assertThat(r.complete()).isTrue();
  }

  @Test
  void textShowsTheKeyTheTimeAndOneAlignedLinePerFeatureWithErrorsSpelledOut() {
    String text = sample().toText();

    assertThat(text).startsWith("ice_cream customer_id=alice shop=7 at 2024-01-15T14:32:00Z (1705329120000)\n");
    assertThat(text).contains("  customer_id_count_6h        3\n")
        .contains("  price_approx_percentile_7d  [2.5,4.0]\n")
        .contains("  price_average_6h            null\n")
        .contains("  flavour_last_1d             ERROR: tile 1d@");
  }

  @Test
  void valueOfAFailedFeatureThrowsWithTheReason() {
    assertThatThrownBy(() -> sample().value("flavour_last_1d")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be decoded");
    assertThat(sample().value("flavour_last_6h")).isEqualTo("vanilla");
  }
}
