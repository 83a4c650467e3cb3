package io.tilekv.service;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.service.internal.GroupBySource;
import io.tilekv.service.internal.HttpApi;
import io.tilekv.service.internal.Readiness;
import io.tilekv.spi.KVStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature service: HTTP/JSON over a {@link Fetcher} (endpoints in the module README).
 *
 * <p>Started by {@link Builder#start()}; {@link #close()} drains in-flight fetches (up to the drain
 * timeout), then stops. The GroupBy directory is re-read every reload interval. The store is the
 * caller's: the service never closes it. Thread-safe.
 */
public final class FeatureService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureService.class);

  private final Builder options;
  private final GroupBySource source;
  private final PrometheusMeterRegistry metrics;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService reloader;
  private final Fetcher fetcher;
  private final Vertx vertx;
  private final HttpApi api;
  private HttpServer server;
  private boolean closed;

  private FeatureService(Builder b) {
    this.options = b;
    this.source = new GroupBySource(b.groupBys);
    source.refresh();
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    metrics.gauge("tilekv.groupbys.served", source, s -> s.registry().names().size());
    metrics.gauge("tilekv.groupbys.problems", source, s -> s.problems().size());
    // Unbounded queue: the fetcher hands every store result over and must never be refused; the
    // in-flight limit of the HTTP layer bounds the work instead.
    this.executor = new ThreadPoolExecutor(b.threads, b.threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        named("tilekv-fetch-", true));
    this.reloader = Executors.newSingleThreadScheduledExecutor(named("tilekv-groupby-reload", true));
    this.fetcher = Fetcher.builder().store(b.store).registrySource(source::registry).cache(b.cache)
        .executor(executor).meterRegistry(metrics).build();
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(b.eventLoops));
    this.api = new HttpApi(vertx, fetcher, source, new Readiness(b.store, b.deadline.toMillis()), metrics, executor,
        new HttpApi.Settings(b.maxBatch, b.deadline.toMillis(), Math.max(b.deadline.toMillis(), 60_000),
            b.maxInFlight, b.maxBodyBytes));
  }

  public static Builder builder() {
    return new Builder();
  }

  private FeatureService listen() {
    long every = options.reloadInterval.toMillis();
    reloader.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(options.host).setPort(options.port)
        .setIdleTimeout(60)).requestHandler(api.router());
    try {
      server = s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      close();
      Throwable c = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot listen on " + options.host + ":" + options.port + ": " + c, c);
    }
    LOG.info("serving {} on http://{}:{}", source.registry().names(), options.host, server.actualPort());
    return this;
  }

  private void reload() {
    try {
      source.refresh();
    } catch (RuntimeException e) {
      LOG.warn("cannot reload GroupBys: {}", e.getMessage());
    }
  }

  /** The port the service listens on (the chosen one when port 0 was asked for). */
  public int port() {
    return server.actualPort();
  }

  /** The fetcher the service answers with. */
  public Fetcher fetcher() {
    return fetcher;
  }

  /** The service's meters (also at {@code GET /metrics}). */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** Re-reads the GroupBy directory now instead of at the next interval; true if anything changed. */
  public boolean reloadNow() {
    return source.refresh();
  }

  /**
   * Stops: refuses new fetches (503, {@code /ready} 503), waits for in-flight fetches up to the
   * drain timeout, then closes the listener and the threads. Idempotent.
   *
   * @return true if every in-flight fetch was answered before the listener closed
   */
  public synchronized boolean stop() {
    if (closed) {
      return true;
    }
    closed = true;
    long deadline = System.nanoTime() + options.drainTimeout.toNanos();
    api.startDraining();
    boolean drained;
    try {
      drained = api.awaitIdle(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    if (!drained) {
      LOG.warn("{} fetches still in flight after the drain timeout of {}", api.inFlight(), options.drainTimeout);
    }
    reloader.shutdownNow();
    try {
      if (server != null) {
        server.shutdown(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)
            .toCompletionStage().toCompletableFuture().get(options.drainTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    metrics.close();
    return drained;
  }

  @Override
  public void close() {
    stop();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix, boolean daemon) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(daemon);
      return t;
    };
  }

  /** Options of a {@link FeatureService}; {@link #store} and {@link #groupBys} are required. */
  public static final class Builder {
    private KVStore store;
    private Path groupBys;
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBatch = 100;
    private Duration deadline = Duration.ofSeconds(1);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Duration reloadInterval = Duration.ofSeconds(2);
    private int threads = Runtime.getRuntime().availableProcessors();
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private int maxInFlight = 1024;
    private long maxBodyBytes = 1 << 20;
    private CacheOptions cache = CacheOptions.defaults();

    private Builder() {}

    /** The store to read tiles from; the service does not close it. */
    public Builder store(KVStore store) {
      this.store = requireNonNull(store, "store is null");
      return this;
    }

    /** The directory of GroupBy files, re-read every {@link #reloadInterval}. */
    public Builder groupBys(Path dir) {
      this.groupBys = requireNonNull(dir, "dir is null");
      return this;
    }

    /** Default 127.0.0.1; {@code 0.0.0.0} for every interface. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host is null");
      return this;
    }

    /** Default 8080; 0 picks a free port ({@link #port()}). */
    public Builder port(int port) {
      this.port = check(port, 0, 65535, "port");
      return this;
    }

    /** Most requests in one {@code POST /v1/fetch}; more is a 413. Default 100. */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = check(maxBatch, 1, 100_000, "maxBatch");
      return this;
    }

    /** How long a fetch may take before the answer is a 504; default 1 s. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /** How long {@link #stop()} waits for in-flight fetches; default 10 s. */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = positive(drainTimeout, "drainTimeout");
      return this;
    }

    /** How often the GroupBy directory is checked for changes; default 2 s. */
    public Builder reloadInterval(Duration reloadInterval) {
      this.reloadInterval = positive(reloadInterval, "reloadInterval");
      return this;
    }

    /** Threads that parse, plan, decode, merge and render; default: one per core. */
    public Builder threads(int threads) {
      this.threads = check(threads, 1, 1024, "threads");
      return this;
    }

    /** Vert.x event loops (accept, read, write only); default: one per core. */
    public Builder eventLoops(int eventLoops) {
      this.eventLoops = check(eventLoops, 1, 1024, "eventLoops");
      return this;
    }

    /** Fetches in flight before new ones get a 503; default 1024. */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = check(maxInFlight, 1, 1_000_000, "maxInFlight");
      return this;
    }

    /** Largest request body; default 1 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = check((int) Math.min(maxBodyBytes, Integer.MAX_VALUE), 1, Integer.MAX_VALUE, "maxBodyBytes");
      return this;
    }

    /** The fetcher's tile cache; default {@link CacheOptions#defaults()}. */
    public Builder cache(CacheOptions cache) {
      this.cache = requireNonNull(cache, "cache is null");
      return this;
    }

    /**
     * Loads the GroupBys and starts listening; returns when the port is open.
     *
     * @throws IllegalArgumentException if the GroupBy directory does not exist
     * @throws IllegalStateException if the port cannot be opened
     */
    public FeatureService start() {
      requireNonNull(store, "store is not set");
      requireNonNull(groupBys, "groupBys is not set");
      return new FeatureService(this).listen();
    }

    private static int check(int v, int min, int max, String name) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
      }
      return v;
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " is null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
