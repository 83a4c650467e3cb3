package io.tilekv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConformanceRunnerShownUriTest {
  @Test
  void theReportShowsNeitherOptionValuesNorPasswords() {
    assertThat(ConformanceRunner.shown("redis://user:s3cret@127.0.0.1:6379?password=s3cret&timeout=2s"))
        .isEqualTo("redis://user:****@127.0.0.1:6379?password=****&timeout=****")
        .doesNotContain("s3cret");
    assertThat(ConformanceRunner.shown("memory:")).isEqualTo("memory:");
    assertThat(ConformanceRunner.shown("rocksdb:/tmp/x")).isEqualTo("rocksdb:/tmp/x");
  }
}
