package dev.whirlwind.protocol.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The daemons' JSON admin APIs as their typed clients call them: a bearer token, a timeout on every
 * request, and a {@link DaemonException} carrying the daemon's {@code {"error", "detail"}} for any
 * non-2xx answer. One {@link HttpClient} may serve many of these (it owns threads).
 */
public final class AdminHttp {
  public static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HttpClient http;
  private final String token;
  private final Duration timeout;

  public AdminHttp(HttpClient http, String token, Duration timeout) {
    this.http = http;
    this.token = token == null ? "" : token;
    this.timeout = timeout;
  }

  /** A client whose connections time out after five seconds. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A base URL without its trailing slash. */
  public static String base(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Sends a request (a JSON body unless null) and returns the answer whatever its status. */
  public HttpResponse<byte[]> exchange(String method, String url, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a request and reads a 2xx answer as {@code reply}; anything else throws. */
  public <T> T send(String method, String url, Object body, Class<T> reply)
      throws IOException, InterruptedException {
    return read(method, url, checked(method, url, exchange(method, url, body)), reply);
  }

  /** Like {@link #send(String, String, Object, Class)} for generic replies such as lists. */
  public <T> T send(String method, String url, Object body, TypeReference<T> reply)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r = checked(method, url, exchange(method, url, body));
    try {
      return JSON.readValue(r.body(), reply);
    } catch (IOException e) {
      throw new IOException(method + " " + url + ": unreadable answer: " + e.getMessage(), e);
    }
  }

  /** Reads an answer's body as {@code type}. */
  public static <T> T read(String method, String url, HttpResponse<byte[]> r, Class<T> type)
      throws IOException {
    try {
      return JSON.readValue(r.body(), type);
    } catch (IOException e) {
      throw new IOException(method + " " + url + ": unreadable answer: " + e.getMessage(), e);
    }
  }

  /** The answer itself when it is 2xx, else its error as an exception. */
  public static HttpResponse<byte[]> checked(String method, String url, HttpResponse<byte[]> r)
      throws DaemonException {
    if (r.statusCode() / 100 != 2) {
      throw failure(method, url, r);
    }
    return r;
  }

  /** The error a non-2xx answer carries. */
  public static DaemonException failure(String method, String url, HttpResponse<byte[]> r) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    String error = null;
    String detail = text;
    try {
      JsonNode tree = JSON.readTree(text);
      if (tree != null && tree.isObject() && tree.hasNonNull("error")) {
        error = tree.get("error").asText();
        detail = tree.path("detail").asText("");
      }
    } catch (IOException notJson) {
      // The body itself is the detail.
    }
    return new DaemonException(method + " " + url, r.statusCode(), error, detail);
  }
}
