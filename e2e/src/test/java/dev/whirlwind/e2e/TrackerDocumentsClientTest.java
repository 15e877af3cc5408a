package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.testing.RangeFileServer;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.protocol.tracker.ContentRecord;
import dev.whirlwind.protocol.tracker.MirrorList;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients read the documents our tracker generates: aria2 downloads through the Metalink from
 * two HTTP mirrors and checks the hashes; libtorrent downloads through the .torrent from web seeds
 * alone. The tracker runs as its packaged jar.
 */
class TrackerDocumentsClientTest {
  static final String TOKEN = "e2e-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private DaemonProcess tracker;
  private RangeFileServer mirrorA;
  private RangeFileServer mirrorB;
  private int port;
  private byte[] data;
  private String id;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    port = DaemonProcess.freePort();
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN);
    Path config = dir.resolve("tracker.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "httpPort: " + port,
            "udpPort: 0",
            "probeIntervalSeconds: 1",
            "stateDir: " + dir.resolve("state"),
            "adminTokenFile: " + token,
            "shardUrls: [http://127.0.0.1:" + port + "]",
            ""));
    tracker = DaemonProcess.start("tracker-daemon", config, dir);
    tracker.awaitReady("http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(60));
    data = new byte[3 * 1024 * 1024 + 4321];
    new Random(5).nextBytes(data);
    ContentHasher.Digest digest = ContentHasher.hash(new ByteArrayInputStream(data), data.length);
    id = digest.contentId().hex();
    mirrorA = new RangeFileServer().put("/a/video.mp4", data).put("/c/" + id, data);
    mirrorB = new RangeFileServer().put("/b/video.mp4", data);
    put(
        "/v1/contents/" + id,
        new ContentRecord(
            id,
            data.length,
            "mp4",
            "video/mp4",
            Base64.getEncoder().encodeToString(digest.pieces()),
            null,
            List.of()));
  }

  @AfterEach
  void stop() throws Exception {
    tracker.close();
    mirrorA.close();
    mirrorB.close();
  }

  private void put(String path, Object body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String run(List<String> command, Path cwd) throws Exception {
    // Output goes to a file: a client that fills an unread pipe blocks forever.
    Path log = Files.createTempFile(cwd, "client", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = p.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(log);
    assertThat(finished).as("%s finished: %s", command.get(0), out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void aria2DownloadsThroughTheMetalinkFromTwoMirrorsAndChecksTheHashes() throws Exception {
    RealClients.requireAria2();
    put(
        "/v1/contents/" + id + "/mirrors",
        new MirrorList(List.of(mirrorA.url("/a/video.mp4"), mirrorB.url("/b/video.mp4"))));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/v1/contents/" + id + ".meta4"))
                    .contains("/a/video.mp4")
                    .contains("/b/video.mp4"));
    Path out = Files.createDirectories(dir.resolve("aria2"));
    String log =
        run(
            List.of(
                "aria2c",
                "--follow-metalink=mem",
                "--follow-torrent=false",
                "--check-integrity=true",
                // The Metalink's metaurl makes aria2 a BitTorrent client whose web seeds are the
                // mirrors; it must stop when done instead of seeding, and meet no one but them.
                "--seed-time=0",
                "--enable-dht=false",
                "--bt-enable-lpd=false",
                "--enable-peer-exchange=false",
                "--split=4",
                "--min-split-size=1M",
                "--max-connection-per-server=2",
                "--allow-overwrite=true",
                "--dir=" + out,
                "http://127.0.0.1:" + port + "/v1/contents/" + id + ".meta4"),
            out);
    Path file = out.resolve(id + ".mp4");
    assertThat(file).as(log).exists();
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
    // Both mirrors served part of it: a real multi-source download.
    assertThat(mirrorA.bytesServed()).as(log).isPositive();
    assertThat(mirrorB.bytesServed()).as(log).isPositive();
  }

  @Test
  void libtorrentDownloadsFromWebSeedsAloneThroughOurTorrent() throws Exception {
    RealClients.requireLibtorrent();
    put(
        "/v1/caches/cache-0",
        new CacheHeartbeat(
            mirrorA.baseUrl(),
            List.of(id),
            1L << 30,
            1L << 29,
            100_000_000,
            Map.of(),
            Map.of(),
            ""));
    Path script = dir.resolve("libtorrent_webseed.py");
    try (InputStream in = getClass().getResourceAsStream("/clients/libtorrent_webseed.py")) {
      Files.copy(in, script);
    }
    Path save = Files.createDirectories(dir.resolve("lt"));
    String out =
        run(
            List.of(
                RealClients.PYTHON,
                script.toString(),
                "http://127.0.0.1:" + port + "/v1/contents/" + id + ".torrent",
                save.toString(),
                "90"),
            dir);
    assertThat(out).contains("\"seeding\": true").contains("/c/" + id + "/" + id + ".mp4");
    assertThat(Files.readAllBytes(save.resolve(id + ".mp4"))).isEqualTo(data);
  }
}
