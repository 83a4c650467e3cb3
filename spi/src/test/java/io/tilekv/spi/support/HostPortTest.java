package io.tilekv.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.StoreConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPortTest {
  private static final StoreConfig CONFIG = new StoreConfig("db", Map.of(), Set.of());

  private static List<HostPort> parse(String location, int defaultPort) {
    return HostPort.parseAll(CONFIG, location, defaultPort, "user", "password");
  }

  private static KVStoreException invalid(String location, int defaultPort) {
    try {
      parse(location, defaultPort);
    } catch (KVStoreException e) {
      assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
      assertThat(e.storeName()).isEqualTo("db");
      return e;
    }
    throw new AssertionError("accepted: " + location);
  }

  @Test
  void entriesKeepTheirOrderAndTakeTheDefaultPortWhenTheyNameNone() {
    assertThat(parse(" a:7000, b ,c:7002/", 6379))
        .containsExactly(new HostPort("a", 7000), new HostPort("b", 6379), new HostPort("c", 7002));
  }

  @Test
  void ipv6HostsAreWrittenInBrackets() {
    assertThat(parse("[::1]:9142,[fe80::2]", 9042)).containsExactly(new HostPort("::1", 9142), new HostPort("fe80::2", 9042));
    assertThat(new HostPort("::1", 9042)).hasToString("[::1]:9042");
    assertThat(new HostPort("cache.local", 6379)).hasToString("cache.local:6379");
  }

  @Test
  void malformedEntriesAreNamedInTheError() {
    assertThat(invalid("h:port", 1)).hasMessageContaining("port is not a number in 'h:port'");
    assertThat(invalid("h:70000", 1)).hasMessageContaining("port out of range in 'h:70000'");
    assertThat(invalid("h:0", 1)).hasMessageContaining("out of range");
    assertThat(invalid("a,,b", 1)).hasMessageContaining("got ''");
    assertThat(invalid("::1", 1)).hasMessageContaining("got '::1'");
    assertThat(invalid("[::1", 1)).hasMessageContaining("unbalanced '['");
  }

  @Test
  void withoutADefaultPortEveryEntryMustNameOne() {
    assertThat(parse("localhost:8000", 0)).containsExactly(new HostPort("localhost", 8000));
    assertThat(invalid("localhost", 0)).hasMessageContaining("host:port").hasMessageContaining("'localhost'");
  }

  @Test
  void credentialsInTheLocationAreRefusedWithoutEchoingThemAndNameTheOptionsForThem() {
    assertThat(invalid("app:s3cret@h:1", 1)).hasMessageContaining("'user' and 'password'")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aPortOutsideTheRangeIsNoHostPort() {
    assertThatThrownBy(() -> new HostPort("h", 65536)).isInstanceOf(IllegalArgumentException.class);
  }
}
