package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli() {
    CommandLine cl = TileKv.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  @Test
  void serveAnswersFetchesOverHttpUntilStopped() throws Exception {
    Thread[] runner = new Thread[1];
    CompletableFuture<Integer> rc = new CompletableFuture<>();
    runner[0] = new Thread(() -> rc.complete(cli().execute("serve", "--groupbys", "../examples/groupbys",
        "--store", "memory:", "--port", "0")), "serve-test");
    runner[0].start();
    try {
      int port = awaitPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> fetch = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/fetch"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"requests\":[{\"groupBy\":\"ice_cream\","
              + "\"key\":{\"customer_id\":\"Alice\"},\"at\":\"2024-01-15T14:34:00Z\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(200);
      assertThat(fetch.body()).startsWith("{\"responses\":[{\"key\":{\"customer_id\":\"Alice\"},\"at\":1705329240000,")
          .contains("\"customer_id_count_6h\"");
    } finally {
      runner[0].interrupt();
    }
    assertThat(rc.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("tilekv serve: stopped");
  }

  @Test
  void aMissingGroupByDirectoryIsAUsageError() {
    int rc = cli().execute("serve", "--groupbys", Path.of("no-such-dir").toString(), "--store", "memory:", "--port", "0");

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-dir");
  }

  private int awaitPort() throws InterruptedException {
    Pattern p = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+) serving");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      Matcher m = p.matcher(out.toString());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("serve did not start: " + out + err);
  }
}
