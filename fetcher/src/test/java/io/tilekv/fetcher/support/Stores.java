package io.tilekv.fetcher.support;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.nio.file.Path;

/** Opens the real stores the tests run against, by kind. */
public final class Stores {
  private Stores() {}

  /** {@code memory} or {@code rocksdb} (in {@code dir}). */
  public static KVStore open(String kind, Path dir) {
    return switch (kind) {
      case "memory" -> KVStores.open("memory:");
      case "rocksdb" -> KVStores.open("rocksdb:" + dir.resolve("rocksdb").toAbsolutePath());
      default -> throw new IllegalArgumentException("unknown store kind " + kind);
    };
  }
}
