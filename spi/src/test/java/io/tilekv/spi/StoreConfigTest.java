package io.tilekv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStoreException.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
  private final StoreConfig config = new StoreConfig("redis", Map.of("threads", " 4 ", "tls", "YES", "off", "0",
      "t1", "250ms", "t2", "10s", "t3", "5m", "t4", "1h", "t5", "2d", "password", "hunter2", "bad", "x1"),
      Set.of("password"));

  @Test
  void typedGettersParseValuesAndFallBackToDefaults() {
    assertThat(config.getInt("threads", 1)).isEqualTo(4);
    assertThat(config.getInt("absent", 7)).isEqualTo(7);
    assertThat(config.getBoolean("tls", false)).isTrue();
    assertThat(config.getBoolean("off", true)).isFalse();
    assertThat(config.getDuration("t1", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(config.getDuration("t2", null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.getDuration("t3", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.getDuration("t4", null)).isEqualTo(Duration.ofHours(1));
    assertThat(config.getDuration("t5", null)).isEqualTo(Duration.ofDays(2));
    assertThat(config.getString("absent", "d")).isEqualTo("d");
    assertThat(config.get("absent")).isEmpty();
    assertThat(config.require("threads")).isEqualTo(" 4 ");
  }

  @Test
  void aValueThatDoesNotParseIsInvalidConfigNamingTheOption() {
    assertInvalid(() -> config.getInt("bad", 0), "'bad'");
    assertInvalid(() -> config.getBoolean("bad", false), "'bad'");
    assertInvalid(() -> config.getDuration("bad", null), "'bad'");
    assertInvalid(() -> config.require("absent"), "'absent'");
    StoreConfig huge = new StoreConfig("x", Map.of("t", "99999999999999999999d", "u", "9999999999999999d"), Set.of());
    assertInvalid(() -> huge.getDuration("t", null), "'t'");
    assertInvalid(() -> huge.getDuration("u", null), "'u'");
  }

  @Test
  void aSecretIsMaskedInTheTextAndInEveryError() {
    assertThat(config.toString()).contains("password=****").doesNotContain("hunter2").contains("threads= 4 ");
    for (Runnable r : new Runnable[] {() -> config.getInt("password", 0), () -> config.getBoolean("password", false),
        () -> config.getDuration("password", null)}) {
      assertThatThrownBy(r::run).isInstanceOf(KVStoreException.class).hasMessageContaining("'password'")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
  }

  private static void assertInvalid(Runnable call, String named) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(KVStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG))
        .hasMessageContaining(named);
  }
}
