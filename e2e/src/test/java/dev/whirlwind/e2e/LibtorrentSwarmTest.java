package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.bencode.Bencode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libtorrent clients that can only meet through our tracker (no DHT, LSD, UPnP or NAT-PMP) share a
 * file: one seeder, four leechers, over the HTTP and the UDP tracker; every copy must arrive
 * intact, and the tracker's scrape must count them all.
 */
class LibtorrentSwarmTest {
  static final int LEECHERS = 4;

  @BeforeEach
  void clients() {
    RealClients.requireLibtorrent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "udp"})
  void aSwarmSharesAFileThroughOurTracker(String protocol, @TempDir Path dir) throws Exception {
    int httpPort = DaemonProcess.freePort();
    int udpPort = DaemonProcess.freePort();
    Path config = dir.resolve("tracker.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "httpPort: " + httpPort,
            "udpPort: " + udpPort,
            "transport: epoll",
            "announceIntervalSeconds: 30",
            "minAnnounceIntervalSeconds: 5",
            "stateDir: " + dir.resolve("state"),
            ""));
    try (DaemonProcess tracker = DaemonProcess.start("tracker-daemon", config, dir)) {
      tracker.awaitReady("http://127.0.0.1:" + httpPort + "/readyz", Duration.ofSeconds(60));
      String url =
          protocol.equals("http")
              ? "http://127.0.0.1:" + httpPort + "/announce"
              : "udp://127.0.0.1:" + udpPort + "/announce";
      Path script = dir.resolve("libtorrent_swarm.py");
      try (InputStream in = getClass().getResourceAsStream("/clients/libtorrent_swarm.py")) {
        Files.copy(in, script);
      }
      Path work = Files.createDirectories(dir.resolve("work"));
      Process swarm =
          new ProcessBuilder(
                  List.of(
                      RealClients.PYTHON,
                      script.toString(),
                      url,
                      work.toString(),
                      String.valueOf(LEECHERS),
                      String.valueOf(6 * 1024 * 1024 + 12345),
                      "120"))
              .redirectErrorStream(true)
              .start();
      assertThat(swarm.waitFor(180, TimeUnit.SECONDS)).as("swarm finished").isTrue();
      String output = new String(swarm.getInputStream().readAllBytes());
      assertThat(swarm.exitValue()).as(output + "\ntracker log:\n" + tracker.log()).isZero();
      assertThat(output).contains("\"intact\": " + LEECHERS);

      // Every client finished as a seeder; the tracker's scrape saw them complete.
      String infoHash = output.replaceAll("(?s).*\"info_hash\": \"([0-9a-f]{40})\".*", "$1");
      byte[] raw = HexFormat.of().parseHex(infoHash);
      StringBuilder q = new StringBuilder();
      for (byte b : raw) {
        q.append('%').append(String.format("%02X", b & 0xff));
      }
      byte[] body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + httpPort + "/scrape?info_hash=" + q))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      @SuppressWarnings("unchecked")
      Map<String, Object> files = (Map<String, Object>) Bencode.decodeDictionary(body).get("files");
      @SuppressWarnings("unchecked")
      Map<String, Object> counts = (Map<String, Object>) files.values().iterator().next();
      assertThat((Long) counts.get("downloaded")).as("completed events").isEqualTo(LEECHERS);
    }
  }
}
