package io.tilekv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.KVStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A group registered only in a jar a test writes, to check that the runner discovers groups and
 * that their tests reach the store under test through {@link UriStoreFixture#fromSystemProperty()}.
 */
public final class JarOnlyGroup implements ConformanceGroup {
  @Override
  public String name() {
    return "extra";
  }

  @Override
  public List<Class<?>> testClasses() {
    return List.of(StoreIsReachable.class);
  }

  static class StoreIsReachable {
    @Test
    void groupTestsOpenTheStoreUnderTest() {
      try (UriStoreFixture fixture = UriStoreFixture.fromSystemProperty(); KVStore store = fixture.open()) {
        assertThat(store.name()).isNotBlank();
      }
    }
  }
}
