package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache that lacks a content the tracker knows fills the miss from another cache, forwarding
 * verified pieces while the fetch runs: eight more concurrent requests for it are coalesced onto
 * the same fetch, and all get the bytes. A download order with the content's id fetches from the
 * caches the tracker lists, and pins it.
 */
class PullThroughTest {
  static final String TOKEN = "pull-token";
  private final HttpClient http = HttpClient.newHttpClient();

  private static double servedBytes(String metrics) {
    Matcher m = Pattern.compile("whirlwind_cache_served_bytes_total ([0-9.E]+)").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void concurrentMissesShareOneFetchFromAnotherCache(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    int trackerPort = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    Path trackerConfig = DaemonProcess.trackerConfig(dir, trackerPort, token);
    int portA = DaemonProcess.freePort();
    int portB = DaemonProcess.freePort();
    int portC = DaemonProcess.freePort();
    byte[] data = new byte[4 * 1024 * 1024 + 5];
    new Random(23).nextBytes(data);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    try (DaemonProcess t = DaemonProcess.start("tracker-daemon", trackerConfig, dir);
        DaemonProcess a =
            DaemonProcess.start(
                "cache-daemon", DaemonProcess.cacheConfig(dir, "a", portA, tracker, token), dir);
        DaemonProcess b =
            DaemonProcess.start(
                "cache-daemon", DaemonProcess.cacheConfig(dir, "b", portB, tracker, token), dir);
        DaemonProcess c =
            DaemonProcess.start(
                "cache-daemon", DaemonProcess.cacheConfig(dir, "c", portC, tracker, token), dir)) {
      t.awaitReady(tracker + "/readyz", Duration.ofSeconds(60));
      a.awaitReady("http://127.0.0.1:" + portA + "/readyz", Duration.ofSeconds(60));
      b.awaitReady("http://127.0.0.1:" + portB + "/readyz", Duration.ofSeconds(60));
      HttpResponse<String> up =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + portA + "/v1/contents/" + id + "?ext=mp4"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(tracker + "/v1/contents/" + id + "/sources"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("127.0.0.1:" + portA));

      // Cache A sends this content at 1 MB/s: B's fetch takes about four seconds.
      assertThat(shares(portA, "{\"shares\":{\"" + id + "\":1000000}}")).isEqualTo(200);
      HttpResponse<java.io.InputStream> streaming =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/c/" + id))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(streaming.statusCode()).as(b.log()).isEqualTo(200);
      assertThat(streaming.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
      byte[] first = streaming.body().readNBytes(256 * 1024);
      // Verified pieces are forwarded while the fetch runs: B has not published it yet.
      assertThat(adminGet(portB, "/v1/contents")).doesNotContain(id);
      assertThat(first).isEqualTo(java.util.Arrays.copyOf(data, first.length));

      List<CompletableFuture<HttpResponse<byte[]>>> gets = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        gets.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/c/" + id))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
      }
      byte[] rest = streaming.body().readAllBytes();
      assertThat(first.length + rest.length).isEqualTo(data.length);
      assertThat(java.util.Arrays.copyOfRange(data, first.length, data.length)).isEqualTo(rest);
      for (CompletableFuture<HttpResponse<byte[]>> g : gets) {
        HttpResponse<byte[]> r = g.get();
        assertThat(r.statusCode()).as(b.log()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
      }
      String metricsA =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      // One fetch: cache A sent the content once (plus a size probe and the tracker's health
      // probe of one piece), not eight times.
      assertThat(servedBytes(metricsA))
          .isBetween((double) data.length, data.length + 262_144 + 1024.0);
      assertThat(shares(portA, "{\"shares\":{}}")).isEqualTo(200);
      // An unknown content is a 404, not a hang.
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + portB + "/c/" + "0".repeat(64)))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
      assertThat(new String(Files.readAllBytes(token), StandardCharsets.UTF_8)).isEqualTo(TOKEN);

      // An explicit order naming only an origin this pool may not reach (loopback) still
      // completes: the caches the tracker lists for the expected id are trusted sources.
      c.awaitReady("http://127.0.0.1:" + portC + "/readyz", Duration.ofSeconds(60));
      String origin = "http://127.0.0.1:" + DaemonProcess.freePort() + "/v.mp4";
      HttpResponse<String> ordered =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portC + "/v1/downloads"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"urls\":[\""
                              + origin
                              + "\"],\"sha256\":\""
                              + id
                              + "\",\"extension\":\"mp4\",\"pin\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(202);
      String orderId = ordered.body().replaceAll("(?s).*\"orderId\":\"([^\"]+)\".*", "$1");
      String[] status = new String[1];
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                status[0] =
                    http.send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        "http://127.0.0.1:" + portC + "/v1/downloads/" + orderId))
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body();
                return status[0].contains("\"state\":\"Completed\"")
                    || status[0].contains("\"state\":\"Failed\"");
              });
      assertThat(status[0]).as(c.log()).contains("\"state\":\"Completed\"");
      assertThat(status[0]).contains("127.0.0.1:" + portA).contains(origin);
      HttpResponse<byte[]> fromC =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portC + "/c/" + id)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fromC.body()).isEqualTo(data);
      // The order asked for a pin: the stored record says so.
      String held =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portC + "/v1/contents"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(held).contains(id).contains("\"pinned\":true");
    }
  }

  private int shares(int port, String json) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/shares"))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String adminGet(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
