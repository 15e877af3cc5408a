package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transmission, the third BitTorrent client the README names, downloads a content from the cache's
 * web seed (BEP 19) behind the tracker's {@code .torrent}, announcing to our tracker as it goes:
 * the tracker then counts it as a seeder with one completion. DHT, PEX, local peer discovery and
 * port mapping are off, so nothing leaves loopback.
 */
class TransmissionClientTest {
  static final String TOKEN = "shared-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void transmissionDownloadsFromTheCachesWebSeed(@TempDir Path dir) throws Exception {
    RealClients.requireTransmission();
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    int trackerPort = DaemonProcess.freePort();
    int cachePort = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    String cache = "http://127.0.0.1:" + cachePort;
    byte[] data = new byte[3 * 1024 * 1024 + 77];
    new Random(23).nextBytes(data);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    try (DaemonProcess t = DaemonProcess.readyTracker(dir, trackerPort, token);
        DaemonProcess c = DaemonProcess.readyCache(dir, "cache", cachePort, tracker, token)) {
      HttpResponse<String> upload =
          http.send(
              HttpRequest.newBuilder(URI.create(cache + "/v1/contents/" + id + "?ext=mp4"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
      Path torrent = dir.resolve("content.torrent");
      // The record arrives before the cache's heartbeat: a torrent fetched in between has no web
      // seed, and Transmission would wait for peers forever. Wait for the torrent that names it.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                HttpResponse<Path> r =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(tracker + "/v1/contents/" + id + ".torrent"))
                            .build(),
                        HttpResponse.BodyHandlers.ofFile(torrent));
                return r.statusCode() == 200
                    && dev.whirlwind.protocol.bencode.Bencode.decodeDictionary(
                            Files.readAllBytes(torrent))
                        .containsKey("url-list");
              });

      Path downloads = Files.createDirectories(dir.resolve("downloads"));
      Path log = dir.resolve("transmission.log");
      Process client = RealClients.startTransmission(dir, torrent, downloads, log);
      try {
        Path file = downloads.resolve(id + ".mp4");
        try {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(250))
              .until(() -> Files.exists(file) && sha256(file).equals(id));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // The temporary directory goes with the test: the log goes into the failure.
          throw new AssertionError(
              "Transmission did not finish; its log:\n" + Files.readString(log) + "\n" + c.log(),
              e);
        }
        // It told the tracker: started, then completed.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  for (JsonNode s : swarms(tracker)) {
                    if (id.equals(s.path("contentId").asText())) {
                      return s.get("seeders").asInt() == 1 && s.get("completions").asLong() == 1;
                    }
                  }
                  return false;
                });
      } finally {
        Files.copy(
            log,
            Path.of("/tmp/transmission-last.log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        client.destroy();
        if (!client.waitFor(10, TimeUnit.SECONDS)) {
          client.destroyForcibly();
        }
      }
    }
  }

  private JsonNode swarms(String tracker) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(tracker + "/v1/swarms")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
