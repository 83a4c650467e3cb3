package io.tilekv.cli;

import io.tilekv.service.FeatureService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.tiling.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code serve}: the HTTP feature service over a store, until SIGTERM or Ctrl-C (which drain first). */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = TileKv.Version.class,
    description = {"Serve features over HTTP/JSON: POST /v1/fetch, GET /v1/groupbys, /health, /ready, /metrics.",
        "GroupBy files in DIR are reloaded when they change. Stops on SIGTERM or Ctrl-C after answering "
            + "the fetches in flight."})
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin(name = PluginOptions.NAME)
  PluginOptions plugins;

  @Option(names = "--groupbys", required = true, paramLabel = "DIR",
      description = "Directory of GroupBy files (*.yaml, *.yml, *.json), watched for changes.")
  Path groupBys;

  @Option(names = "--store", required = true, paramLabel = "URI", description = "Store URI, e.g. rocksdb:/tmp/tiles.")
  String store;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "100",
      description = "Most requests in one POST /v1/fetch (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--deadline", paramLabel = "D", defaultValue = "1s", converter = DurationText.class,
      description = "Deadline of a fetch, e.g. 250ms, 2s (default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(names = "--drain", paramLabel = "D", defaultValue = "10s", converter = DurationText.class,
      description = "How long stopping waits for fetches in flight (default: ${DEFAULT-VALUE}).")
  Duration drain;

  @Option(names = "--reload-interval", paramLabel = "D", defaultValue = "2s", converter = DurationText.class,
      description = "How often the GroupBy directory is checked (default: ${DEFAULT-VALUE}).")
  Duration reloadInterval;

  @Option(names = "--threads", paramLabel = "N", description = "Threads that decode and merge (default: one per core).")
  Integer threads;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KVStore kv;
    FeatureService service;
    try {
      kv = KVStores.open(FetchCommand.readOnly(store));
    } catch (KVStoreException | IllegalArgumentException e) {
      err.println("serve: " + UserErrors.uris(e.getMessage()));
      return 2;
    }
    try {
      FeatureService.Builder b = FeatureService.builder().store(kv).groupBys(groupBys).host(host).port(port)
          .maxBatch(maxBatch).deadline(deadline).drainTimeout(drain).reloadInterval(reloadInterval);
      if (threads != null) {
        b.threads(threads);
      }
      service = b.start();
    } catch (RuntimeException e) {
      kv.close();
      err.println("serve: " + UserErrors.uris(e.getMessage()));
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop(service, kv, out);
      stopped.countDown();
    }, "tilekv-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf("tilekv serve: http://%s:%d serving %s from %s over %s%n", host, service.port(),
        service.fetcher().registry().names(), groupBys, kv.name());
    out.printf("  curl -s -X POST http://%s:%d/v1/fetch -d '{\"requests\":[{\"groupBy\":\"...\",\"key\":{...}}]}'%n",
        host, service.port());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) { // stopped from inside the JVM (tests)
      Runtime.getRuntime().removeShutdownHook(hook);
      stop(service, kv, out);
    }
    return 0;
  }

  private static void stop(FeatureService service, KVStore kv, PrintWriter out) {
    boolean drained = service.stop();
    kv.close();
    out.println("tilekv serve: stopped" + (drained ? "" : " (some fetches were still in flight)"));
    out.flush();
  }

  /** {@code 250ms}, {@code 2s}, {@code 5m}. */
  static final class DurationText implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
        }
        return Duration.ofMillis(Durations.parse(v));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a duration like 250ms, 2s, 5m");
      }
    }
  }
}
