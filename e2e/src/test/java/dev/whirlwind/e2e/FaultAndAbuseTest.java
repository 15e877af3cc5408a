package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.testing.RangeFileServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults and floods against packaged daemons on loopback, each bounded in count and time: ten
 * thousand idle connections, a taken port, and kill -9 in the middle of an upload, a download and
 * serving. The daemon must stay useful, say what is wrong, or come back whole.
 */
class FaultAndAbuseTest {
  static final String TOKEN = "abuse-token";
  static final int IDLE_CONNECTIONS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Path cache(Path dir, int port, String... extra) throws IOException {
    Path config = dir.resolve("cache.yaml");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "bindAddress: 127.0.0.1",
                "port: " + port,
                "publicBaseUrl: http://127.0.0.1:" + port,
                "bandwidthBytesPerSecond: 500000000",
                "defaultShareBytesPerSecond: 500000000",
                "dataDir: " + dir.resolve("data"),
                "adminTokenFile: " + dir.resolve("token"),
                "allowedOriginNetworks: [127.0.0.0/8]"));
    lines.addAll(List.of(extra));
    Files.writeString(dir.resolve("token"), TOKEN);
    Files.writeString(config, String.join("\n", lines) + "\n");
    return config;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long openFileLimit() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean u
        ? u.getMaxFileDescriptorCount()
        : 0;
  }

  @Test
  void tenThousandIdleConnectionsLockNobodyOutAndAreCut(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        openFileLimit() >= IDLE_CONNECTIONS + 2000,
        "skipped: the open-file limit is "
            + openFileLimit()
            + "; raise it (ulimit -n, as .ci/run does) to hold "
            + IDLE_CONNECTIONS
            + " connections");
    int port = DaemonProcess.freePort();
    String base = "http://127.0.0.1:" + port;
    try (DaemonProcess cache =
        DaemonProcess.start(
            "cache-daemon",
            cache(
                dir,
                port,
                "http:",
                "  maxConnections: 12000",
                "  maxConnectionsPerAddress: 1024",
                "  headerTimeoutSeconds: 8"),
            dir)) {
      cache.awaitReady(base + "/readyz", Duration.ofSeconds(60));
      List<Socket> idle = new ArrayList<>(IDLE_CONNECTIONS);
      try {
        // From ten addresses, each under the per-address cap: together they hold 10,000.
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
          Socket s = new Socket();
          s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + i % 10)), 0));
          s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
          idle.add(s);
        }
        // Everyone else is still served, ops and content alike.
        assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> miss = get(base + "/c/" + "0".repeat(64));
        assertThat(miss.statusCode()).isEqualTo(404);
        assertThat(miss.body()).contains("\"error\":\"not_found\"");
        assertThat(get(base + "/metrics").body())
            .containsPattern("whirlwind_cache_http_connections 100[0-9][0-9]");
        // The header timeout cuts every one of them.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    get(base + "/metrics")
                        .body()
                        .contains("whirlwind_cache_http_timeouts_total{kind=\"header\"} 10000\n"));
        for (Socket s : idle.subList(0, 100)) {
          s.setSoTimeout(5000);
          assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void aDaemonWhosePortIsTakenExitsNonZeroAndSaysWhy(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      DaemonProcess cache = DaemonProcess.start("cache-daemon", cache(dir, port), dir);
      assertThat(cache.process.waitFor(60, TimeUnit.SECONDS)).as(cache.log()).isTrue();
      assertThat(cache.process.exitValue()).isEqualTo(1);
      assertThat(cache.log()).contains("cannot bind the cache HTTP port").contains(":" + port);
    }
  }

  @Test
  void killDashNineDuringAnUploadLeavesNothingHalfWritten(@TempDir Path dir) throws Exception {
    int port = DaemonProcess.freePort();
    String base = "http://127.0.0.1:" + port;
    Path config = cache(dir, port);
    byte[] data = random(8 << 20, 1);
    String id = sha256(data);
    DaemonProcess first = DaemonProcess.start("cache-daemon", config, dir);
    first.awaitReady(base + "/readyz", Duration.ofSeconds(60));
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PUT /v1/contents/"
                  + id
                  + "?ext=mp4 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Length: "
                  + data.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(data, 0, 3 << 20);
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> partialFiles(dir.resolve("data/tmp")) > 0);
      first.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    try (DaemonProcess second = DaemonProcess.start("cache-daemon", config, dir)) {
      second.awaitReady(base + "/readyz", Duration.ofSeconds(60));
      assertThat(partialFiles(dir.resolve("data/tmp"))).isZero();
      assertThat(get(base + "/c/" + id).statusCode()).isEqualTo(404);
      HttpResponse<String> again =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/contents/" + id + "?ext=mp4"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
      assertThat(bytes(base + "/c/" + id)).isEqualTo(data);
    }
  }

  @Test
  void killDashNineDuringADownloadAndWhileServingComesBackWhole(@TempDir Path dir)
      throws Exception {
    int port = DaemonProcess.freePort();
    String base = "http://127.0.0.1:" + port;
    Path config = cache(dir, port);
    byte[] data = random(12 << 20, 2);
    String id = sha256(data);
    try (RangeFileServer origin =
        new RangeFileServer().put("/v.mp4", data).delayEachResponse(150)) {
      DaemonProcess first = DaemonProcess.start("cache-daemon", config, dir);
      first.awaitReady(base + "/readyz", Duration.ofSeconds(60));
      HttpResponse<String> ordered =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/downloads"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          JSON.writeValueAsBytes(
                              new DownloadOrder(
                                  List.of(origin.url("/v.mp4")),
                                  id,
                                  data.length,
                                  "video/mp4",
                                  "mp4"))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ordered.statusCode()).as(ordered.body()).isEqualTo(202);
      String orderId = JSON.readTree(ordered.body()).get("orderId").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(base, orderId).get("bytesDone").asLong() > 2 << 20);
      first.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);

      DaemonProcess second = DaemonProcess.start("cache-daemon", config, dir);
      second.awaitReady(base + "/readyz", Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(base, orderId).get("state").asText().equals("Completed"));
      assertThat(bytes(base + "/c/" + id)).isEqualTo(data);

      // Killed while a slow client reads the content: the stored copy is untouched.
      try (Socket reader = new Socket("127.0.0.1", port)) {
        reader.setReceiveBufferSize(8192);
        reader
            .getOutputStream()
            .write(
                ("GET /c/" + id + " HTTP/1.1\r\nHost: t\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        reader.getInputStream().readNBytes(4096);
        second.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
      try (DaemonProcess third = DaemonProcess.start("cache-daemon", config, dir)) {
        third.awaitReady(base + "/readyz", Duration.ofSeconds(60));
        assertThat(bytes(base + "/c/" + id)).isEqualTo(data);
      }
    }
  }

  private JsonNode status(String base, String orderId) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/downloads/" + orderId))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private byte[] bytes(String url) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static long partialFiles(Path tmp) throws IOException {
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(tmp)) {
      return files.count();
    }
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
