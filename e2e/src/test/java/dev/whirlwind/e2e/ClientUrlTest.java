package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.bencode.Bencode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache and a tracker that advertise client URLs (the {@code publicUrlTemplate}s of a CachePool
 * and a catalog's trackers: the addresses an Ingress or load balancer gives them outside the
 * cluster, here proxies on another loopback address) are handed to clients on the tracker's client
 * port under those URLs, and clients download through them; on the admin port, daemons still get
 * the daemons' own URLs.
 */
class ClientUrlTest {
  private static final String TOKEN = "client-url-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void clientsGetTheCachesPublicUrlAndDaemonsItsOwn(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    int trackerPort = DaemonProcess.freePort();
    int trackerAdminPort = DaemonProcess.freePort();
    int cachePort = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    String trackerAdmin = "http://127.0.0.1:" + trackerAdminPort;
    String cacheUrl = "http://127.0.0.1:" + cachePort;
    LoopbackProxy trackerEdge = LoopbackProxy.start("127.0.0.2", trackerPort);
    Path trackerConfig =
        DaemonProcess.trackerConfig(
            dir,
            trackerPort,
            token,
            "adminPort: " + trackerAdminPort,
            "clientShardUrls: [" + trackerEdge.url() + "]");
    byte[] data = new byte[3 * 1024 * 1024 + 7];
    new Random(23).nextBytes(data);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    try (trackerEdge;
        LoopbackProxy edge = LoopbackProxy.start("127.0.0.2", cachePort);
        DaemonProcess trackerProcess = DaemonProcess.start("tracker-daemon", trackerConfig, dir)) {
      Path cacheConfig = DaemonProcess.cacheConfig(dir, "cache", cachePort, trackerAdmin, token);
      Files.writeString(
          cacheConfig,
          "clientBaseUrl: " + edge.url() + "\n",
          java.nio.file.StandardOpenOption.APPEND);
      try (DaemonProcess cache = DaemonProcess.start("cache-daemon", cacheConfig, dir)) {
        trackerProcess.awaitReady(tracker + "/readyz", Duration.ofSeconds(60));
        cache.awaitReady(cacheUrl + "/readyz", Duration.ofSeconds(60));
        HttpResponse<String> upload =
            http.send(
                HttpRequest.newBuilder(URI.create(cacheUrl + "/v1/contents/" + id + "?ext=mp4"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);

        String file = "/c/" + id + "/" + id + ".mp4";
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(webSeeds(tracker, id)).containsExactly(edge.url() + file));
        // Every document on the client port names the public URL.
        String metalink = get(tracker + "/v1/contents/" + id + ".meta4").body();
        assertThat(metalink).contains(">" + edge.url() + file + "<").doesNotContain(cacheUrl);
        assertThat(sourceUrls(tracker, id)).containsExactly(edge.url() + file);
        // On the admin port the daemons get the cache's own URL, which caches fetch and trust by.
        assertThat(sourceUrls(trackerAdmin, id)).containsExactly(cacheUrl + file);
        assertThat(webSeeds(trackerAdmin, id)).containsExactly(cacheUrl + file);
        // The tracker's own URLs likewise: the announce URL and the Metalink's torrent link.
        assertThat(announce(tracker, id)).isEqualTo(trackerEdge.url() + "/announce");
        assertThat(announce(trackerAdmin, id)).isEqualTo(tracker + "/announce");
        assertThat(metalink).contains(">" + trackerEdge.url() + "/v1/contents/" + id + ".torrent<");

        // A plain client follows the redirect through the public address.
        HttpResponse<byte[]> viaRedirect =
            HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create(tracker + "/r/" + id)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaRedirect.uri().toString()).startsWith(edge.url());
        assertThat(viaRedirect.body()).isEqualTo(data);
        assertThat(edge.bytesToClients()).isGreaterThanOrEqualTo(data.length);

        if (WebSeeds.libtorrentPresent()) {
          // And a BitTorrent client takes the web seed from the .torrent, through the proxy.
          long before = edge.bytesToClients();
          // Everything through the public addresses: the torrent, the announces, the web seed.
          WebSeeds.download(dir, trackerEdge.url() + "/v1/contents/" + id + ".torrent", id, data);
          assertThat(edge.bytesToClients() - before).isGreaterThanOrEqualTo(data.length);
        }
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> sourceUrls(String tracker, String id) throws Exception {
    JsonNode body = JSON.readTree(get(tracker + "/v1/contents/" + id + "/sources").body());
    List<String> urls = new ArrayList<>();
    for (JsonNode s : body.path("sources")) {
      urls.add(s.path("url").asText());
    }
    return urls;
  }

  private String announce(String tracker, String id) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(tracker + "/v1/contents/" + id + ".torrent")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    Object url = Bencode.decodeDictionary(r.body()).get("announce");
    return new String((byte[]) url, StandardCharsets.UTF_8);
  }

  private List<String> webSeeds(String tracker, String id) throws Exception {
    return WebSeeds.of(http, tracker + "/v1/contents/" + id + ".torrent");
  }
}
