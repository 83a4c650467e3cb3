package io.tilekv.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.oracle.BruteForceOracle;
import io.tilekv.tiling.oracle.FeatureComparator;
import io.tilekv.writer.TileWriterJob;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.FileEventSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the ice-cream shop end to end. Generates a week of purchases, writes them with the
 * Flink writer into an embedded RocksDB store, fetches every customer's features, prints them with
 * the tile plan, and checks them against a brute-force aggregation of the raw events.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = TileKv.Version.class,
    description = "Run the ice-cream example end to end on the embedded store.")
final class DemoCommand implements Callable<Integer> {
  static final String GROUPBY_RESOURCE = "/demo/ice_cream.yaml";
  private static final String[] CUSTOMERS = {"Alice", "Bob", "Carol"};
  private static final String[] FLAVOURS = {"chocolate", "vanilla", "strawberry", "pistachio"};
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Mixin(name = PluginOptions.NAME)
  PluginOptions plugins;

  @Option(names = "--store", paramLabel = "URI",
      description = "Store to write to (default: RocksDB in a new temporary directory).")
  String store;

  @Option(names = "--at", paramLabel = "T", converter = Times.class,
      description = "Query time (default: ${DEFAULT-VALUE}).", defaultValue = "2024-01-15T14:34:00Z")
  long at;

  @Option(names = "--events", paramLabel = "N", defaultValue = "3000",
      description = "Purchases to generate over the week before the query time (default: ${DEFAULT-VALUE}).")
  int events;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("tilekv-demo");
    try {
      Path groupByFile = work.resolve("ice_cream.yaml");
      try (InputStream in = DemoCommand.class.getResourceAsStream(GROUPBY_RESOURCE)) {
        Files.copy(in, groupByFile);
      }
      GroupBy groupBy = GroupBy.parse(groupByFile);
      Path eventsFile = work.resolve("purchases.jsonl");
      Files.write(eventsFile, purchases(events, at), StandardCharsets.UTF_8);
      String uri = store != null ? store : "rocksdb:" + work.resolve("store");

      out.printf("1. %d purchases of %d customers, the week before %s: %s%n", events,
          CUSTOMERS.length, Instant.ofEpochMilli(at), eventsFile);
      out.printf("2. Flink writer (BATCH mode) -> %s%n", UserErrors.uris(uri));
      out.flush();
      // One store instance for the writer and the fetcher: two opens of memory: are two stores.
      try (KVStore kv = KVStores.open(uri)) {
        String shared = "tilekv-demo-" + java.util.UUID.randomUUID();
        SharedStores.register(shared, kv);
        WriterSummary summary;
        try {
          summary = TileWriterJob.builder(groupBy,
              FileEventSource.of(eventsFile.toAbsolutePath().toUri().toString()),
              StoreFactory.shared(shared)).parallelism(1).build().run();
        } finally {
          SharedStores.unregister(shared);
        }
        out.println(summary.toString().strip().indent(3).stripTrailing());
        return fetchAndCheck(out, kv, groupBy, eventsFile);
      }
    } finally {
      deleteRecursively(work);
    }
  }

  private int fetchAndCheck(PrintWriter out, KVStore kv, GroupBy groupBy, Path eventsFile) throws Exception {
    out.printf("3. The tile plan at %s%n", Instant.ofEpochMilli(at));
    out.println(TilePlanner.plan(groupBy, at).toTimeline().indent(3).stripTrailing());

    List<Row> rows = rows(groupBy, eventsFile);
    boolean allMatch = true;
    out.println("4. Features");
    for (String customer : CUSTOMERS) {
      Map<String, String> key = Map.of("customer_id", customer);
      FetchResponse response = FetchCommand.fetch(kv, groupBy, key, at);
      out.println(response.toText().indent(3).stripTrailing());
      Map<String, Object> expected =
          BruteForceOracle.features(groupBy, rows, groupBy.entityKey(key), at);
      List<String> mismatches = FeatureComparator.mismatches(groupBy, expected, response.features());
      allMatch &= mismatches.isEmpty() && response.errors().isEmpty();
      mismatches.forEach(m -> out.println("   MISMATCH " + m));
    }
    out.println(allMatch
        ? "5. Every feature equals a brute-force aggregation of the raw events."
        : "5. Some features differ from the brute-force aggregation (see above).");
    out.flush();
    return allMatch ? 0 : 1;
  }

  /** A deterministic week of purchases, timestamps strictly before {@code at}. */
  static List<String> purchases(int n, long at) {
    Random random = new Random(42);
    long week = 7L * 24 * 3600 * 1000;
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String customer = CUSTOMERS[random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(2)];
      long ts = at - 1 - (long) (random.nextDouble() * week);
      String flavour = FLAVOURS[random.nextInt(FLAVOURS.length)];
      double price = Math.round((2.5 + random.nextDouble() * 4) * 100) / 100.0;
      ObjectNode event = JSON.createObjectNode().put("customer_id", customer).put("created", ts)
          .put("flavour", flavour).put("price", price);
      lines.add(event.toString());
    }
    return lines;
  }

  private static List<Row> rows(GroupBy groupBy, Path eventsFile) throws IOException {
    EventParser parser = new EventParser(groupBy);
    List<Row> rows = new ArrayList<>();
    long line = 0;
    for (String text : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
      if (parser.parse(text, ++line) instanceof ParsedEvent.Valid valid) {
        rows.add(valid.row());
      }
    }
    return rows;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
