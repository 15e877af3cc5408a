package dev.whirlwind.cache.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.cache.CacheDaemon;
import dev.whirlwind.cache.CacheTestConfigs;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.testing.RangeFileServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Orders against origins that answer wrongly: a broken source fails alone while a good one finishes
 * the order; an order with only broken sources fails with a reason, never stuck, and the daemon
 * keeps serving.
 */
class HostileOriginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @org.junit.jupiter.api.io.TempDir Path data;
  private CacheDaemon cache;
  private RangeFileServer good;
  private byte[] content;
  private String sha;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.writeString(data.resolve("token"), "tok");
    content = new byte[3 * 1024 * 1024 + 17];
    new Random(9).nextBytes(content);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    good = new RangeFileServer().put("/v.mp4", content);
    cache =
        CacheDaemon.start(
            CacheTestConfigs.withDownloads(
                CacheTestConfigs.cache(
                    data.resolve("store"), "epoll", data.resolve("token").toString(), 0, List.of()),
                List.of("127.0.0.0/8"),
                3));
  }

  @AfterEach
  void stop() {
    cache.close();
    good.close();
  }

  private JsonNode send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.address().getPort() + path))
            .header("Authorization", "Bearer tok");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  private JsonNode finished(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = send("GET", "/v1/downloads/" + id, null);
              String state = last[0].get("state").asText();
              return state.equals("Completed") || state.equals("Failed");
            });
    return last[0];
  }

  @ParameterizedTest
  @EnumSource(HostileOrigin.Mode.class)
  void aBrokenSourceFailsAloneWhileAGoodOneFinishesTheOrder(HostileOrigin.Mode mode)
      throws Exception {
    try (HostileOrigin bad = new HostileOrigin(mode)) {
      JsonNode order =
          send(
              "POST",
              "/v1/downloads",
              new DownloadOrder(
                  List.of(bad.url(), good.url("/v.mp4")), sha, content.length, "video/mp4", "mp4"));
      JsonNode done = finished(order.get("orderId").asText());
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("Completed");
    }
  }

  @ParameterizedTest
  @EnumSource(HostileOrigin.Mode.class)
  void anOrderWithOnlyBrokenSourcesFailsWithAReasonAndTheDaemonServesOn(HostileOrigin.Mode mode)
      throws Exception {
    try (HostileOrigin bad = new HostileOrigin(mode)) {
      JsonNode order =
          send(
              "POST",
              "/v1/downloads",
              new DownloadOrder(List.of(bad.url()), sha, content.length, "video/mp4", "mp4"));
      JsonNode done = finished(order.get("orderId").asText());
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("Failed");
      assertThat(done.get("reason").asText()).contains(bad.url());
    }
    try (var tmp = Files.list(data.resolve("store/downloads"))) {
      assertThat(tmp.filter(p -> p.toString().endsWith(".part"))).isEmpty();
    }
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + "/healthz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void ordersPastTheQueueBoundAreAnswered503AndNothingIsQueued() throws Exception {
    cache.close();
    cache =
        CacheDaemon.start(
            dev.whirlwind.protocol.testing.ConfigOverrides.with(
                CacheTestConfigs.cache(
                    data.resolve("store2"),
                    "epoll",
                    data.resolve("token").toString(),
                    0,
                    List.of()),
                java.util.Map.of(
                    "allowedOriginNetworks", List.of("127.0.0.0/8"),
                    "maxConcurrentDownloads", 1,
                    "maxQueuedDownloads", 2)));
    try (HostileOrigin stall = new HostileOrigin(HostileOrigin.Mode.STALL)) {
      for (int i = 0; i < 2; i++) {
        send(
            "POST",
            "/v1/downloads",
            new DownloadOrder(List.of(stall.url() + "?" + i), null, 0, null, null));
      }
      HttpResponse<String> full =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + cache.address().getPort() + "/v1/downloads"))
                  .header("Authorization", "Bearer tok")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          JSON.writeValueAsBytes(
                              new DownloadOrder(List.of(stall.url() + "?3"), null, 0, null, null))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(full.statusCode()).isEqualTo(503);
      assertThat(full.headers().firstValue("Retry-After")).isPresent();
      assertThat(full.body()).contains("too_many_orders", "maximum of 2 orders");
      assertThat(send("GET", "/v1/downloads", null).size()).isEqualTo(2);
    }
  }

  @Test
  void theOriginsContentTypeIsNotTrustedBlindly() {
    assertThat(dev.whirlwind.protocol.content.MediaTypes.orDefault("video/mp4\r\nX-Evil: 1"))
        .isEqualTo("application/octet-stream");
    assertThat(dev.whirlwind.protocol.content.MediaTypes.orDefault("video/mp4; codecs=\"avc1\""))
        .isEqualTo("video/mp4; codecs=\"avc1\"");
  }
}
