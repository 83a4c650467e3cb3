package io.tilekv.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A provider registered for the tests through META-INF/services: its store only remembers the
 * configuration it was opened with, which is what the discovery tests look at.
 */
public class EchoStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(StoreConfig.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of("timeout", "password", "mode");
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of("password");
  }

  @Override
  public KVStore create(StoreConfig config) {
    return new EchoStore(config);
  }

  /** Remembers its configuration; every operation is refused. */
  public record EchoStore(StoreConfig config) implements KVStore {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public StoreCapabilities capabilities() {
      return StoreCapabilities.builder().build();
    }

    @Override
    public CompletableFuture<Void> createDataset(String dataset) {
      return refused();
    }

    @Override
    public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
      return refused();
    }

    @Override
    public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
      return refused();
    }

    @Override
    public void close() {}

    private static <T> CompletableFuture<T> refused() {
      return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNSUPPORTED, "echo", "echo only"));
    }
  }

  /** Not registered: the duplicate-name test registers it in a class loader of its own. */
  public static final class Twin extends EchoStoreProvider {
    @Override
    public String name() {
      return "twin";
    }
  }

  /** A second, different class with the same name as {@link Twin}. */
  public static final class OtherTwin extends EchoStoreProvider {
    @Override
    public String name() {
      return "twin";
    }
  }
}
