package io.tilekv.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {
  private final RetrySettings settings = new RetrySettings(Duration.ofMillis(100), Duration.ofSeconds(2), 10);

  @Test
  void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
    assertThat(settings.backoffMillis(1)).isEqualTo(100);
    assertThat(settings.backoffMillis(2)).isEqualTo(200);
    assertThat(settings.backoffMillis(5)).isEqualTo(1600);
    assertThat(settings.backoffMillis(6)).isEqualTo(2000);
    assertThat(settings.backoffMillis(60)).isEqualTo(2000);
  }

  @Test
  void jitteredBackoffSpansHalfToAllOfTheBackoff() {
    for (int failures = 1; failures < 8; failures++) {
      long full = settings.backoffMillis(failures);
      assertThat(settings.jitteredBackoffMillis(failures, 0)).isEqualTo(full / 2);
      assertThat(settings.jitteredBackoffMillis(failures, Math.nextDown(1.0))).isEqualTo(full);
      assertThat(settings.jitteredBackoffMillis(failures, 0.5)).isBetween(full / 2, full);
    }
    assertThatThrownBy(() -> settings.jitteredBackoffMillis(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
  }
}
