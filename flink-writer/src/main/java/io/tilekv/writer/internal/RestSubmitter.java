package io.tilekv.writer.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits a job jar to a running Flink cluster through its REST API, as {@code flink run} and the
 * web UI do: {@code POST /jars/upload} (multipart), then {@code POST /jars/:id/run} with the
 * program arguments. The job's {@code main} runs in the JobManager.
 */
public final class RestSubmitter {
  private static final Pattern FILENAME = Pattern.compile("\"filename\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JOB_ID = Pattern.compile("\"jobid\"\\s*:\\s*\"([0-9a-f]+)\"");

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** {@code hostPort}: the JobManager's REST address, {@code host:port} or an http(s) URL. */
  public RestSubmitter(String hostPort) {
    String b = hostPort.contains("://") ? hostPort : "http://" + hostPort;
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
  }

  /** Uploads {@code jar}; returns its id on the cluster. */
  public String upload(Path jar) throws IOException, InterruptedException {
    String boundary = "tilekv-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String response = send(HttpRequest.newBuilder(base.resolve("jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "uploading " + jar);
    Matcher m = FILENAME.matcher(response);
    if (!m.find()) {
      throw new IOException("unexpected answer to the jar upload: " + response);
    }
    String file = m.group(1);
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** Runs {@code entryClass} of an uploaded jar with {@code args}; returns the job id. */
  public String run(String jarId, String entryClass, List<String> args, int parallelism)
      throws IOException, InterruptedException {
    StringBuilder json = new StringBuilder("{\"entryClass\":").append(quote(entryClass))
        .append(",\"programArgsList\":[");
    for (int i = 0; i < args.size(); i++) {
      json.append(i == 0 ? "" : ",").append(quote(args.get(i)));
    }
    json.append(']');
    if (parallelism > 0) {
      json.append(",\"parallelism\":").append(parallelism);
    }
    json.append('}');
    String response = send(HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.toString())), "running jar " + jarId);
    Matcher m = JOB_ID.matcher(response);
    if (!m.find()) {
      throw new IOException("unexpected answer to the jar run: " + response);
    }
    return m.group(1);
  }

  private String send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(what + " on " + base + " failed: HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
