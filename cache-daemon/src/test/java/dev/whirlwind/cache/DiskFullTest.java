package dev.whirlwind.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.testing.RangeFileServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache on a real 16 MiB file system: a full disk fails what it must with {@code
 * insufficient_storage}, removes partial files so the space comes back, publishes nothing
 * half-written, and the node stays ready for serving, across a restart too.
 */
class DiskFullTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;
  private SmallFileSystem fs;
  private CacheDaemon cache;
  private RangeFileServer origin;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void mount() throws Exception {
    fs = SmallFileSystem.mount(work.resolve("fs"), 16);
    Files.writeString(work.resolve("token"), "tok");
    origin = new RangeFileServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (cache != null) {
      cache.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (fs != null) {
      fs.close();
    }
  }

  private CacheDaemon start() throws Exception {
    CacheDaemonConfig c =
        CacheTestConfigs.cache(
            fs.path().resolve("store"), "epoll", work.resolve("token").toString(), 0, List.of());
    return CacheDaemon.start(CacheTestConfigs.withDownloads(c, List.of("127.0.0.0/8"), 5));
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String id(byte[] b) throws Exception {
    return ContentHasher.hash(new ByteArrayInputStream(b), b.length).contentId().hex();
  }

  private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cache.address().getPort() + path))
            .header("Authorization", "Bearer tok")
            .method(method, body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode order(byte[] content, String path) throws Exception {
    origin.put(path, content);
    HttpResponse<String> r =
        send(
            "POST",
            "/v1/downloads",
            HttpRequest.BodyPublishers.ofByteArray(
                JSON.writeValueAsBytes(
                    new DownloadOrder(
                        List.of(origin.url(path)),
                        id(content),
                        content.length,
                        "video/mp4",
                        "mp4"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body());
  }

  private JsonNode finished(String orderId) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] =
                  JSON.readTree(
                      send("GET", "/v1/downloads/" + orderId, HttpRequest.BodyPublishers.noBody())
                          .body());
              String state = last[0].get("state").asText();
              return state.equals("Completed") || state.equals("Failed");
            });
    return last[0];
  }

  private long partFiles() throws Exception {
    try (Stream<Path> files = Files.walk(fs.path().resolve("store"))) {
      return files.filter(p -> p.toString().endsWith(".part")).count();
    }
  }

  private int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cache.address().getPort() + path))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void anOrderThatFillsTheDiskFailsCleanlyAndTheNextOneIsServed() throws Exception {
    cache = start();
    byte[] small = random(1 << 20, 1);
    assertThat(finished(order(small, "/small.mp4").get("orderId").asText()).get("state").asText())
        .isEqualTo("Completed");
    long free = fs.usableBytes();

    JsonNode failed = finished(order(random(20 << 20, 2), "/big.mp4").get("orderId").asText());
    assertThat(failed.get("state").asText()).isEqualTo("Failed");
    assertThat(failed.get("reason").asText()).startsWith("insufficient_storage");
    assertThat(failed.get("sizeBytes").asLong()).isEqualTo(20 << 20);
    assertThat(partFiles()).isZero();
    assertThat(fs.usableBytes()).isGreaterThan(free - (256 << 10));

    byte[] next = random(2 << 20, 3);
    assertThat(finished(order(next, "/next.mp4").get("orderId").asText()).get("state").asText())
        .isEqualTo("Completed");
    assertThat(status("/readyz")).isEqualTo(200);
    assertThat(status("/c/" + id(small))).isEqualTo(200);
  }

  @Test
  void anUploadOnAFullDiskIs507AndLeavesNothingBehind() throws Exception {
    cache = start();
    byte[] kept = random(1 << 20, 4);
    assertThat(finished(order(kept, "/kept.mp4").get("orderId").asText()).get("state").asText())
        .isEqualTo("Completed");
    byte[] upload = random(12 << 20, 5);
    // Leave 4 MiB: the 12 MiB upload runs out of room part-way.
    Files.write(fs.path().resolve("filler"), new byte[(int) (fs.usableBytes() - (4 << 20))]);
    HttpResponse<String> r =
        send("PUT", "/v1/contents/" + id(upload), HttpRequest.BodyPublishers.ofByteArray(upload));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
    assertThat(r.body()).contains("\"error\":\"insufficient_storage\"");
    try (Stream<Path> tmp = Files.list(fs.path().resolve("store/tmp"))) {
      assertThat(tmp).isEmpty();
    }
    assertThat(status("/c/" + id(upload))).isEqualTo(404);
    assertThat(status("/c/" + id(kept))).isEqualTo(200);
    assertThat(status("/readyz")).isEqualTo(200);
  }

  @Test
  void aRestartOnAFullDiskStartsReadyAndFailsWhatItCannotResume() throws Exception {
    cache = start();
    // An order that cannot finish (the origin answers slowly), left unfinished by a stop.
    origin.delayEachResponse(60_000);
    String orderId = order(random(4 << 20, 6), "/slow.mp4").get("orderId").asText();
    cache.close();
    cache = null;
    fs.fill("filler");

    cache = start();
    assertThat(status("/readyz")).isEqualTo(200);
    assertThat(status("/healthz")).isEqualTo(200);
    JsonNode s =
        JSON.readTree(
            send("GET", "/v1/downloads/" + orderId, HttpRequest.BodyPublishers.noBody()).body());
    assertThat(s.get("state").asText()).as(s.toString()).isIn("Failed", "Downloading", "Queued");
    Files.delete(fs.path().resolve("filler"));
    JsonNode done = finished(orderId);
    assertThat(done.get("state").asText()).isEqualTo("Failed");
  }
}
