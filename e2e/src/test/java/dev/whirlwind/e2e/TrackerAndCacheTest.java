package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker and a cache as packaged daemons talking only through their HTTP APIs: a content
 * uploaded to the cache is published to the tracker, which hands the cache out as a web seed and as
 * the redirect target; a restarted tracker learns it again from the next heartbeat; a delete on the
 * cache takes it out of the hand-outs.
 */
class TrackerAndCacheTest {
  static final String TOKEN = "shared-admin-token";
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  private HttpResponse<byte[]> send(String method, String url, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aContentUploadedToTheCacheIsHandedOutByTheTracker(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    int trackerPort = DaemonProcess.freePort();
    int cachePort = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    String cacheUrl = "http://127.0.0.1:" + cachePort;
    Path trackerConfig = dir.resolve("tracker.yaml");
    Files.writeString(
        trackerConfig,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "httpPort: " + trackerPort,
            "udpPort: 0",
            "cacheHeartbeatIntervalSeconds: 1",
            "stateDir: " + dir.resolve("tracker-state"),
            "adminTokenFile: " + token,
            "shardUrls: [" + tracker + "]",
            ""));
    Path cacheConfig = DaemonProcess.cacheConfig(dir, "cache", cachePort, tracker, token);
    byte[] data = new byte[5 * 1024 * 1024 + 99];
    new Random(17).nextBytes(data);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    DaemonProcess trackerProcess = DaemonProcess.start("tracker-daemon", trackerConfig, dir);
    try (DaemonProcess cache = DaemonProcess.start("cache-daemon", cacheConfig, dir)) {
      trackerProcess.awaitReady(tracker + "/readyz", Duration.ofSeconds(60));
      cache.awaitReady(cacheUrl + "/readyz", Duration.ofSeconds(60));

      HttpResponse<byte[]> upload = send("PUT", cacheUrl + "/v1/contents/" + id + "?ext=mp4", data);
      assertThat(upload.statusCode()).as(new String(upload.body())).isEqualTo(201);

      // Published with its piece hashes: the torrent names the cache as its web seed.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(torrentWebSeeds(tracker, id))
                      .containsExactly(cacheUrl + "/c/" + id + "/" + id + ".mp4"));
      // A plain HTTP client is sent to the cache and gets the bytes.
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(tracker + "/r/" + id)).build(),
                      HttpResponse.BodyHandlers.ofByteArray())
                  .body())
          .isEqualTo(data);
      // Those plain-HTTP bytes reach the tracker's swarm figures with the next heartbeat.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                com.fasterxml.jackson.databind.JsonNode swarms =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                            http.send(
                                    HttpRequest.newBuilder(URI.create(tracker + "/v1/swarms"))
                                        .build(),
                                    HttpResponse.BodyHandlers.ofByteArray())
                                .body());
                assertThat(swarms).hasSize(1);
                assertThat(swarms.get(0).get("contentId").asText()).isEqualTo(id);
                assertThat(swarms.get(0).get("downloadedBytes").asLong()).isEqualTo(data.length);
              });
      if (WebSeeds.libtorrentPresent()) {
        WebSeeds.download(dir, tracker + "/v1/contents/" + id + ".torrent", id, data);
      }

      // State is rebuilt, not stored: a restarted tracker knows the content again after a
      // heartbeat.
      trackerProcess.close();
      trackerProcess = DaemonProcess.start("tracker-daemon", trackerConfig, dir);
      trackerProcess.awaitReady(tracker + "/readyz", Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(torrentWebSeeds(tracker, id)).hasSize(1));
      assertThat(cache.log()).contains("published " + id + " again");

      // Deleting it from the cache takes the cache out of the hand-outs.
      assertThat(send("DELETE", cacheUrl + "/v1/contents/" + id, null).statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(URI.create(tracker + "/r/" + id)).build(),
                                  HttpResponse.BodyHandlers.discarding())
                              .statusCode())
                      .isEqualTo(503));
    } finally {
      trackerProcess.close();
    }
  }

  private List<String> torrentWebSeeds(String tracker, String id) throws Exception {
    return WebSeeds.of(http, tracker + "/v1/contents/" + id + ".torrent");
  }
}
