package io.tilekv.cli;

import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.tiling.GroupBy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fetch}: the feature values of one entity key, read from a store. */
@Command(name = "fetch", mixinStandardHelpOptions = true, versionProvider = TileKv.Version.class,
    description = "Fetch the features of one entity key from a store.")
final class FetchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin(name = PluginOptions.NAME)
  PluginOptions plugins;

  @Option(names = "--groupby", required = true, paramLabel = "FILE", description = "GroupBy file (YAML or JSON).")
  Path groupBy;

  @Option(names = "--store", required = true, paramLabel = "URI", description = "Store URI, e.g. rocksdb:/tmp/tiles.")
  String store;

  @Option(names = "--key", required = true, paramLabel = "COL=VALUE",
      description = "A key column and its value; repeat for composite keys.")
  Map<String, String> key = new LinkedHashMap<>();

  @Option(names = "--at", paramLabel = "T", converter = Times.class,
      description = "Query time: epoch millis or ISO-8601 instant (default: now).")
  Long at;

  @Option(names = "--json", description = "Print the response as JSON.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print the stack trace of an error.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    GroupBy g = GroupBy.parse(groupBy);
    PrintWriter out = spec.commandLine().getOut();
    try (KVStore kv = KVStores.open(readOnly(store))) {
      FetchResponse response = fetch(kv, g, key, at);
      out.println(json ? response.toJson() : response.toText());
      out.flush();
      return response.errors().isEmpty() ? 0 : 1;
    } catch (KVStoreException e) {
      spec.commandLine().getErr().println("fetch: " + UserErrors.uris(e.getMessage()));
      return 2;
    }
  }

  /**
   * {@code uri} such that opening it creates nothing: reading a path that holds no RocksDB store (a
   * typo) is an error, not a new empty store that answers zeros.
   */
  static String readOnly(String uri) {
    if (!uri.startsWith("rocksdb:") || uri.matches(".*[?&]create=.*")) {
      return uri;
    }
    return uri + (uri.contains("?") ? "&" : "?") + "create=false";
  }

  static FetchResponse fetch(KVStore kv, GroupBy g, Map<String, String> key, Long at) throws Exception {
    Fetcher fetcher = Fetcher.builder().store(kv).groupBys(g).build();
    FetchRequest request = FetchRequest.of(g.name(), key);
    if (at != null) {
      request = request.at(at);
    }
    return fetcher.fetch(request).get(60, TimeUnit.SECONDS);
  }
}
