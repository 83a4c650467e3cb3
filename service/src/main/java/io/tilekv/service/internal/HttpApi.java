package io.tilekv.service.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tilekv.fetcher.FetchRequest;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.fetcher.Fetcher;
import io.tilekv.service.internal.FetchRequests.BadRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP endpoints. Event loops only route and hand over: parsing, fetching, rendering and the
 * metrics scrape run on the fetch executor. Every fetch has a deadline (a timer on the event loop
 * answers 504 if the fetch has not answered by then); in-flight fetches are counted so shutdown
 * can drain them.
 */
public final class HttpApi {
  /** Limits of the API. */
  public record Settings(int maxBatch, long deadlineMillis, long maxDeadlineMillis, int maxInFlight, long maxBodyBytes) {}

  public static final String DEADLINE_HEADER = "X-TileKV-Deadline-Ms";
  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final Fetcher fetcher;
  private final GroupBySource source;
  private final Readiness readiness;
  private final PrometheusMeterRegistry metrics;
  private final Executor executor;
  private final Settings settings;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Timer fetchLatency;
  private volatile boolean draining;

  public HttpApi(Vertx vertx, Fetcher fetcher, GroupBySource source, Readiness readiness,
      PrometheusMeterRegistry metrics, Executor executor, Settings settings) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.source = source;
    this.readiness = readiness;
    this.metrics = metrics;
    this.executor = executor;
    this.settings = settings;
    metrics.gauge("tilekv.http.inflight", inFlight);
    this.fetchLatency = Timer.builder("tilekv.http.fetch.latency")
        .description("POST /v1/fetch from the request's body to its answer (the fetch, deadline answers and errors included)")
        .publishPercentileHistogram().register(metrics);
  }

  public Router router() {
    Router router = Router.router(vertx);
    router.post("/v1/fetch").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes())).handler(this::fetch);
    router.get("/v1/groupbys").handler(ctx -> send(ctx, "groupbys", 200, Describe.groupBys(json, source)));
    router.get("/health").handler(ctx -> send(ctx, "health", 200, Describe.write(json, Map.of("status", "UP"))));
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(this::scrape);
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      String why = status == 413 ? "body larger than " + settings.maxBodyBytes() + " bytes"
          : ctx.failure() != null ? String.valueOf(ctx.failure().getMessage()) : "request failed";
      send(ctx, "error", status, error(status == 413 ? "body" : null, why));
    });
    router.errorHandler(404, ctx -> send(ctx, "error", 404, error(null, "no endpoint " + ctx.request().path())));
    router.errorHandler(405, ctx -> send(ctx, "error", 405, error(null, "method " + ctx.request().method()
        + " not allowed on " + ctx.request().path())));
    return router;
  }

  /** Refuses new fetches (503) and reports not ready from now on. */
  public void startDraining() {
    draining = true;
  }

  /** Waits until no fetch is in flight or {@code deadlineNanos} (System.nanoTime) passes. */
  public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    while (inFlight.get() > 0) {
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return true;
  }

  public int inFlight() {
    return inFlight.get();
  }

  private void fetch(RoutingContext ctx) {
    if (draining) {
      ctx.response().putHeader("Connection", "close");
      send(ctx, "fetch", 503, error(null, "the service is shutting down"));
      return;
    }
    long deadline;
    try {
      deadline = deadline(ctx.request().getHeader(DEADLINE_HEADER));
    } catch (BadRequest e) {
      send(ctx, "fetch", e.status(), error(e.field(), e.getMessage()));
      return;
    }
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
      inFlight.decrementAndGet();
      send(ctx, "fetch", 503, error(null, "overloaded: " + settings.maxInFlight() + " fetches in flight"));
      return;
    }
    Exchange ex = new Exchange(ctx);
    ex.timer = vertx.setTimer(deadline, id -> ex.finish(504, error(null, "deadline of " + deadline + " ms exceeded")));
    io.vertx.core.buffer.Buffer received = ctx.body().buffer();
    byte[] body = received == null ? new byte[0] : received.getBytes();
    try {
      executor.execute(() -> run(ex, body));
    } catch (RejectedExecutionException e) {
      ex.finish(503, error(null, "the service is shutting down"));
    }
  }

  private void run(Exchange ex, byte[] body) {
    try {
      List<FetchRequest> requests = FetchRequests.parse(json, body, source.registry(), settings.maxBatch());
      fetcher.fetch(requests).whenComplete((responses, t) -> {
        if (t == null) {
          ex.finish(200, render(responses));
        } else {
          ex.finish(500, error(null, "fetch failed: " + t));
        }
      });
    } catch (BadRequest e) {
      ex.finish(e.status(), error(e.field(), e.getMessage()));
    } catch (IllegalArgumentException | NoSuchElementException e) { // a reload between check and fetch
      ex.finish(400, error("requests", e.getMessage()));
    } catch (RuntimeException e) {
      ex.finish(500, error(null, "fetch failed: " + e));
    }
  }

  private long deadline(String header) {
    if (header == null) {
      return settings.deadlineMillis();
    }
    try {
      long ms = Long.parseLong(header.trim());
      if (ms > 0 && ms <= settings.maxDeadlineMillis()) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadRequest(400, "header " + DEADLINE_HEADER, DEADLINE_HEADER + " must be milliseconds in [1, "
        + settings.maxDeadlineMillis() + "], got " + header);
  }

  private void ready(RoutingContext ctx) {
    if (draining) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ready", false);
      out.put("reasons", List.of("shutting down"));
      send(ctx, "ready", 503, Describe.write(json, out));
      return;
    }
    readiness.check(source.registry()).whenComplete((reasons, t) -> {
      List<String> why = t != null ? List.of("readiness check failed: " + t) : reasons;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ready", why.isEmpty());
      out.put("groupBys", source.registry().names());
      if (!why.isEmpty()) {
        out.put("reasons", why);
      }
      send(ctx, "ready", why.isEmpty() ? 200 : 503, Describe.write(json, out));
    });
  }

  private void scrape(RoutingContext ctx) {
    try {
      executor.execute(() -> {
        String text = metrics.scrape();
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        end(ctx.response(), "metrics", 200, text, null);
      });
    } catch (RejectedExecutionException e) {
      send(ctx, "metrics", 503, error(null, "the service is shutting down"));
    }
  }

  private String render(List<FetchResponse> responses) {
    StringWriter out = new StringWriter(256 * responses.size());
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("responses");
      for (FetchResponse r : responses) {
        // Each response is already JSON (the fetcher's own rendering, also behind fetch --json).
        g.writeRawValue(r.toJson());
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private String error(String field, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message);
    if (field != null) {
      out.put("field", field);
    }
    return Describe.write(json, out);
  }

  private void send(RoutingContext ctx, String route, int status, String body) {
    ctx.response().putHeader("Content-Type", JSON);
    end(ctx.response(), route, status, body, null);
  }

  private void end(HttpServerResponse response, String route, int status, String body, Runnable after) {
    try {
      response.setStatusCode(status).end(body).onComplete(x -> {
        if (after != null) {
          after.run();
        }
      });
    } catch (RuntimeException e) { // the client went away
      if (after != null) {
        after.run();
      }
    }
    Counter.builder("tilekv.http.responses").description("HTTP answers by endpoint and status")
        .tag("endpoint", route).tag("status", Integer.toString(status)).register(metrics).increment();
  }

  /** One fetch exchange: answered exactly once, by the fetch or by the deadline. */
  private final class Exchange {
    final RoutingContext ctx;
    final long start = System.nanoTime();
    final AtomicBoolean done = new AtomicBoolean();
    volatile long timer = -1;

    Exchange(RoutingContext ctx) {
      this.ctx = ctx;
    }

    void finish(int status, String body) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      vertx.cancelTimer(timer);
      ctx.response().putHeader("Content-Type", JSON);
      end(ctx.response(), "fetch", status, body, inFlight::decrementAndGet);
      fetchLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
