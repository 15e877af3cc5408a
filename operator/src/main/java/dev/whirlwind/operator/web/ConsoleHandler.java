package dev.whirlwind.operator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's read-only paths, the same in standalone mode and in a cluster: {@code /} and the
 * page's files ({@link PageAssets}), {@code /api/status} (what the supplier says) and {@code
 * /api/telemetry?since=MS} (the charts' points after a time). Errors are JSON {@code
 * {"error","detail"}}.
 */
public final class ConsoleHandler {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Supplier<Object> status;
  private final Telemetry telemetry;

  public ConsoleHandler(Supplier<Object> status, Telemetry telemetry) {
    this.status = status;
    this.telemetry = telemetry;
  }

  /**
   * The JDK server's own limits, for every console port: a request must arrive within 30 s, idle
   * connections close after 30 s.
   */
  public static void limitJdkHttpServer() {
    System.setProperty("sun.net.httpserver.maxReqTime", "30");
    System.setProperty("sun.net.httpserver.idleInterval", "30");
  }

  /** Answers a GET or HEAD for one of its paths; false when the path is not one of them. */
  public boolean handle(HttpExchange ex, String path) throws IOException {
    if (path.equals("/api/status")) {
      Object body;
      try {
        body = status.get();
      } catch (RuntimeException e) {
        // What the status comes from (the API server in a cluster) did not answer: say so, the
        // page retries.
        error(ex, 503, "unavailable", e.getMessage() == null ? e.toString() : e.getMessage());
        return true;
      }
      json(ex, 200, body);
      return true;
    }
    if (path.equals("/api/telemetry")) {
      telemetry(ex);
      return true;
    }
    var asset = PageAssets.find(path);
    if (asset.isEmpty()) {
      return false;
    }
    asset(ex, asset.get());
    return true;
  }

  private void telemetry(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    long since = 0;
    if (query != null) {
      for (String part : query.split("&")) {
        if (part.startsWith("since=")) {
          try {
            since = Long.parseLong(part.substring("since=".length()));
          } catch (NumberFormatException e) {
            error(ex, 400, "bad request", "since must be milliseconds since the epoch: " + part);
            return;
          }
        }
      }
    }
    json(ex, 200, telemetry.series(Instant.ofEpochMilli(Math.max(0, since))));
  }

  private static void asset(HttpExchange ex, PageAssets.Asset asset) throws IOException {
    var h = ex.getResponseHeaders();
    h.set("Content-Type", asset.contentType());
    h.set("X-Content-Type-Options", "nosniff");
    // The libraries are versioned; the page's own files change with the jar.
    h.set("Cache-Control", asset.immutable() ? "public, max-age=86400" : "no-cache");
    if (asset.contentType().startsWith("text/javascript")) {
      // Sites load the player module (and what it imports) from here: modules need CORS.
      h.set("Access-Control-Allow-Origin", "*");
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      h.set("Content-Length", Integer.toString(asset.bytes().length));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, asset.bytes().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(asset.bytes());
    }
  }

  public static void error(HttpExchange ex, int code, String error, String detail)
      throws IOException {
    json(ex, code, Map.of("error", error, "detail", detail));
  }

  public static void json(HttpExchange ex, int code, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
