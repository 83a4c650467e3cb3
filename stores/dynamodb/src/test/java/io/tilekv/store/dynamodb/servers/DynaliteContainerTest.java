package io.tilekv.store.dynamodb.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The container path of {@link Dynalite} (machines with Docker and no npm): the adapter writes and
 * reads through it. Skipped where no Docker engine answers, as on the CI machine.
 */
@EnabledIf("io.tilekv.store.dynamodb.servers.DynaliteContainer#dockerAvailable")
class DynaliteContainerTest {

  @Test
  void theAdapterWritesAndReadsThroughDynaliteInAContainer() {
    try (Dynalite.Server server = DynaliteContainer.start();
        KVStore store = KVStores.open(server.uri())) {
      store.createDataset("container_check").join();
      Key key = Key.of(new byte[] {1, 2}, 7);
      store.multiPut("container_check", List.of(Entry.of(key, new byte[] {42}))).join();
      assertThat(store.multiGet("container_check", List.of(key)).join().get(0)).hasValueSatisfying(v -> assertThat(v).containsExactly(42));
    }
  }
}
