package dev.whirlwind.cache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.protocol.testing.Bodies;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad admin requests, each answered with a JSON error and nothing left behind: nulls where values
 * belong, unknown fields, header-injecting media types, path-like extensions, absurd lengths,
 * unknown paths, and a missing token file.
 */
class AdminAbuseTest {
  static final String ID = "ab".repeat(32);
  @TempDir Path data;
  private CacheDaemon cache;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
  }

  private void start(boolean withToken) throws Exception {
    Path token = data.resolve("token");
    if (withToken) {
      Files.writeString(token, "tok");
    }
    cache =
        CacheDaemon.start(
            CacheTestConfigs.cache(
                data.resolve("store"), "epoll", token.toString(), 64L << 20, List.of()));
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.address().getPort() + path))
            .header("Authorization", "Bearer tok")
            .method(method, Bodies.orNone(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertError(HttpResponse<String> r, int status, String error) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("\"error\":\"" + error + "\"", "\"detail\":");
  }

  @Test
  void nullsUnknownFieldsAndBadValuesAreAnswered400() throws Exception {
    start(true);
    assertError(send("POST", "/v1/downloads", "null"), 400, "bad_request");
    assertError(send("POST", "/v1/downloads", "{\"urls\":[null]}"), 400, "bad_json");
    assertError(send("POST", "/v1/downloads", "{\"urls\":null}"), 400, "bad_request");
    assertError(
        send("PUT", "/v1/shares", "{\"shares\":{\"" + ID + "\":null}}"), 400, "bad_request");
    assertError(send("PUT", "/v1/shares", "{\"shares\":null}"), 400, "bad_request");
    assertError(send("PUT", "/v1/shares", "[1,2"), 400, "bad_json");
    HttpResponse<String> unknown =
        send("POST", "/v1/downloads", "{\"urls\":[\"http://a.example/v\"],\"sha265\":\"x\"}");
    assertError(unknown, 400, "bad_json");
    assertThat(unknown.body()).contains("sha265");
    assertError(
        send(
            "POST",
            "/v1/downloads",
            "{\"urls\":[\"http://a.example/v\"],\"contentType\":\"video/mp4\\r\\nX-Evil: 1\"}"),
        400,
        "bad_request");
    assertError(
        send(
            "POST",
            "/v1/downloads",
            "{\"urls\":[\"http://a.example/v\"],\"extension\":\"../../etc\"}"),
        400,
        "bad_request");
    assertThat(cache.store().all()).isEmpty();
  }

  @Test
  void unknownPathsAndMethodsAreAnsweredWithWhatExists() throws Exception {
    start(true);
    assertError(send("GET", "/v1/", null), 404, "not_found");
    assertError(send("GET", "/v1/nothing/here", null), 404, "not_found");
    HttpResponse<String> wrong = send("PATCH", "/v1/shares", "{}");
    assertError(wrong, 405, "method_not_allowed");
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD, PUT");
    assertThat(send("GET", "/v1/downloads", null).statusCode()).isEqualTo(200);
  }

  @Test
  void anAbsurdUploadLengthIsRefusedBeforeAnyFileIsMade() throws Exception {
    start(true);
    String answer =
        raw(
            "PUT /v1/contents/"
                + ID
                + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer tok\r\n"
                + "Content-Length: 4611686018427387904\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\":\"too_large\"");
    try (var tmp = Files.list(data.resolve("store/tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void aJsonBodyOverTheBoundIs413() throws Exception {
    start(true);
    String big = "{\"shares\":{" + "\"x\":1,".repeat(200_000) + "\"y\":1}}";
    assertError(send("PUT", "/v1/shares", big), 413, "body_too_large");
  }

  @Test
  void aMissingTokenFileSaysSoInsteadOfRefusingEveryToken() throws Exception {
    start(false);
    HttpResponse<String> r = send("GET", "/v1/contents", null);
    assertError(r, 503, "admin_disabled");
    assertThat(r.body()).contains(data.resolve("token").toString());
  }

  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", cache.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
