package io.tilekv.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.service.FeatureService;
import io.tilekv.store.memory.MemoryKVStore;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** A service on a free port over a memory store holding a week of purchases of u0..u4; closed by the test. */
public final class Running implements AutoCloseable {
  public static final long HOUR = 3_600_000L;
  public static final long DAY = 24 * HOUR;
  /** 2024-01-15T00:00:00Z, a Monday. */
  public static final long T0 = 1_705_276_800_000L;
  public static final long AT = T0 + 8 * DAY + 14 * HOUR;
  public static final String YAML = """
      name: purchases
      schema: {user: string, ts: long, amount: double, item: string}
      keys: [user]
      timestamp: ts
      layers: [5m, 1h, 1d]
      aggregations:
        - {input: amount, op: COUNT, windows: [1h, 1d, 7d]}
        - {input: amount, op: SUM, windows: [1d, 7d]}
        - {input: item, op: LAST, windows: [1h]}
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  public final Path dir;
  public final ControllableStore store = new ControllableStore(new MemoryKVStore());
  public final FeatureService service;
  public final GroupBy groupBy = GroupBy.parseYaml(YAML);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Running(UnaryOperator<FeatureService.Builder> options) {
    try {
      dir = Files.createTempDirectory("tilekv-service-test");
      Files.writeString(dir.resolve("purchases.yaml"), YAML);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Tiles.write(groupBy, store, events(groupBy), 500);
    service = options.apply(FeatureService.builder().store(store).groupBys(dir).port(0)
        .reloadInterval(Duration.ofMillis(100))).start();
  }

  public Running() {
    this(b -> b);
  }

  static List<Row> events(GroupBy g) {
    SplittableRandom random = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(g.row("u" + random.nextInt(5), T0 + random.nextLong(8 * DAY), random.nextDouble(1, 50),
          "item" + random.nextInt(4)));
    }
    return rows;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + service.port() + path);
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public HttpResponse<String> post(String path, String body) {
    return send(postRequest(path, body).build());
  }

  public HttpRequest.Builder postRequest(String path, String body) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  public CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return http.sendAsync(postRequest(path, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A one-request fetch body. */
  public static String fetchBody(String user) {
    return "{\"requests\":[{\"groupBy\":\"purchases\",\"key\":{\"user\":\"" + user + "\"},\"at\":" + AT + "}]}";
  }

  @Override
  public void close() {
    service.close();
    store.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
