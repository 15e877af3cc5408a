package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The standalone stack as its users meet it, every client a real one: headless Chromium on the
 * console page (progress, then HLS and MP4 playback through the caches), twelve libtorrent clients
 * in one swarm with the caches as web seeds under the scheduler's shares, aria2c through a
 * rendition's Metalink, curl ranges, and Transmission from the web seeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneSystemTest {
  static final String CATALOG = "default/system";
  static final int CLIENTS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path dir;
  private int port;
  private StandaloneProcess run;
  private ChromeDriver browser;
  private final List<Long> pids = new ArrayList<>();

  /**
   * Two caches with little bandwidth each (a swarm gets 400 kB/s per cache before the scheduler has
   * measured it), so that twelve clients must trade to finish; two videos, two profiles.
   */
  private String manifest() {
    String origin = "http://127.0.0.1:" + port + "/samples/";
    return """
        apiVersion: whirlwind.dev/v1alpha1
        kind: CachePool
        metadata:
          name: system
        spec:
          replicas: 2
          storage:
            size: 1Gi
          bandwidthBytesPerSecond: 1000000
          defaultShareBytesPerSecond: 400000
        ---
        apiVersion: whirlwind.dev/v1alpha1
        kind: TranscodeProfile
        metadata:
          name: 360p-h264
        spec:
          video: {codec: h264, width: 640, height: 360, bitrateBytesPerSecond: 100000}
          container: mp4
          accelerator: cpu
        ---
        apiVersion: whirlwind.dev/v1alpha1
        kind: TranscodeProfile
        metadata:
          name: 360p-hls
        spec:
          video: {codec: h264, width: 640, height: 360, bitrateBytesPerSecond: 100000}
          container: hls
          hls: {segmentSeconds: 2}
          accelerator: cpu
        ---
        apiVersion: whirlwind.dev/v1alpha1
        kind: VideoCatalog
        metadata:
          name: system
        spec:
          cachePool: system
          replicas: 2
          trackers: {announceIntervalSeconds: 30}
          scheduling: {intervalSeconds: 30}
          profiles: [360p-h264, 360p-hls]
          videos:
            - id: sunrise
              title: Sunrise
              sources: [%ssunrise.mp4]
            - id: tide
              title: Tide
              sources: [%stide.mp4]
        """
        .formatted(origin, origin);
  }

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("standalone-system");
    port = DaemonProcess.freePort();
    Path manifest = dir.resolve("system.yaml");
    Files.writeString(manifest, manifest());
    run =
        StandaloneProcess.start(
            manifest,
            dir.resolve("work"),
            port,
            StandaloneProcess.freePortBlock(8),
            dir.resolve("standalone.out"));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (run != null) {
      pids.addAll(run.daemonPids());
      run.close();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("daemon " + pid + " stopped")
          .isFalse();
    }
  }

  private void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(run.process.isAlive()).as(run::output).isTrue();
              assertThat(run.catalog(CATALOG).path("ready").asText())
                  .as(() -> run.catalog(CATALOG) + "\n" + run.output())
                  .isEqualTo("2/2");
            });
  }

  private JsonNode video(String id) {
    for (JsonNode v : run.catalog(CATALOG).path("videos")) {
      if (v.path("id").asText().equals(id)) {
        return v;
      }
    }
    throw new AssertionError("no video " + id + " in " + run.catalog(CATALOG));
  }

  private JsonNode rendition(String video, String profile) {
    for (JsonNode r : video(video).path("renditions")) {
      if (r.path("profile").asText().equals(profile)) {
        return r;
      }
    }
    throw new AssertionError("no rendition " + profile + " of " + video);
  }

  @Test
  @Order(1)
  void thePageShowsTheCatalogFillingAndPlaysHlsAndMp4FromTheCaches() throws Exception {
    RealClients.requireChromium();
    browser = HeadlessChromium.start(dir.resolve("chromium"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> run.status() != null || !run.process.isAlive());
    browser.get("http://127.0.0.1:" + port + "/");
    JavascriptExecutor js = browser;

    // What the page shows per video while the catalog fills, read from its rows.
    Set<String> seen = new LinkedHashSet<>();
    await()
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(run.process.isAlive()).as(run::output).isTrue();
              @SuppressWarnings("unchecked")
              List<String> rows =
                  (List<String>)
                      js.executeScript(
                          "return [...document.querySelectorAll('tr[data-video]')].map(r =>"
                              + " r.dataset.video + ' ' + r.dataset.phase + ' ' + r.dataset.percent"
                              + " + ' ' + r.querySelector('progress').value)");
              seen.addAll(rows);
              return rows.size() == 2
                  && rows.stream().allMatch(r -> r.contains(" Ready 100 100"))
                  && (Boolean)
                      js.executeScript(
                          "return [...document.querySelectorAll('[data-rendition]')]"
                              + ".every(r => r.dataset.phase === 'Ready')");
            });
    assertThat(seen)
        .as("the page showed the videos on their way, not only Ready: " + seen)
        .anyMatch(r -> !r.contains(" Ready "));

    play(js, "default/system/sunrise/360p-hls", "HLS");
    play(js, "default/system/tide/360p-h264", "MP4");
    play(js, "default/system/sunrise/original", "MP4");

    // The three charts are drawn, and the tables name both caches.
    assertThat(
            ((Number) js.executeScript("return document.querySelectorAll('.chart canvas').length"))
                .intValue())
        .isGreaterThanOrEqualTo(3);
    assertThat((String) js.executeScript("return document.getElementById('caches').innerText"))
        .contains("system-cache-0", "system-cache-1");
  }

  /** Where a page keeps its player: the console's, and the one a site's page attached. */
  private static final String CONSOLE = "window.whirlwind.playing";

  private static final String SITE = "window.player";

  @Test
  @Order(2)
  void aSitesPlayerAndTheConsolesTradeAnHlsRenditionsSegmentsOverWebRtcAndReportTheirBytes()
      throws Exception {
    RealClients.requireChromium();
    awaitReady();
    JsonNode hls = rendition("sunrise", "360p-hls");
    String contentId = hls.path("contentId").asText();
    String hlsUrl = hls.path("urls").path("hls").asText();
    String key = "default/system/sunrise/360p-hls";
    // The owning shard's WebSocket tracker: the one in the place of the shard the HLS URL names.
    JsonNode status = run.status();
    JsonNode shards = status.path("catalogs").path(CATALOG).path("trackers");
    int owner = -1;
    for (int k = 0; k < shards.size(); k++) {
      if (hlsUrl.startsWith(shards.get(k).asText() + "/")) {
        owner = k;
      }
    }
    assertThat(owner).as(hlsUrl + " names a shard of " + shards).isNotNegative();
    String tracker = status.path("browserTrackers").path(CATALOG).get(owner).asText();

    ChromeDriver first = HeadlessChromium.start(dir.resolve("chromium-first"));
    ChromeDriver second = null;
    try (SitePage site =
        SitePage.serve(
            "http://127.0.0.1:" + port + "/whirlwind-player.js", hlsUrl, tracker, contentId)) {
      first.get("http://127.0.0.1:" + port + "/");
      startPlaying(first, key);
      assertThat(first.executeScript("return " + CONSOLE + ".p2p"))
          .isEqualTo(tracker + "/c/" + contentId);
      // The site's player starts a few seconds later, when the console's holds segments to give.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> currentTime(first) > 3 && bytes(first, CONSOLE, "caches") > 0);
      second = HeadlessChromium.start(dir.resolve("chromium-second"));
      // Another origin than the console's: the module, its libraries and the caches answer CORS.
      second.get(site.url());
      ChromeDriver later = second;
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat((List<?>) first.executeScript("return window.whirlwind.errors"))
                    .as(() -> "console page errors: " + state(first, "window.whirlwind"))
                    .isEmpty();
                assertThat((List<?>) later.executeScript("return " + SITE + ".errors"))
                    .as(() -> "site page errors: " + state(later, SITE))
                    .isEmpty();
                assertThat(bytes(later, SITE, "peers"))
                    .as(
                        () ->
                            "console: "
                                + state(first, "window.whirlwind")
                                + " / site: "
                                + state(later, SITE))
                    .isPositive();
                assertThat(currentTime(later)).as("the site's page plays").isGreaterThan(2.0);
              });
      double before = currentTime(first);
      await().atMost(Duration.ofSeconds(20)).until(() -> currentTime(first) > before);
      long peers = bytes(later, SITE, "peers");
      long caches = bytes(later, SITE, "caches");
      long uploaded = bytes(first, CONSOLE, "uploaded");
      System.out.printf(
          "two browsers: the site's page got %d bytes from the console's and %d from the caches"
              + " (%.0f %% over WebRTC); the console's uploaded %d%n",
          peers, caches, 100.0 * peers / (peers + caches), uploaded);
      assertThat(uploaded).as("the console's page gave").isPositive();
      assertThat(share(first)).contains("from peers", "to peers");
      assertThat(later.executeScript("return " + SITE + ".tracker"))
          .isEqualTo(tracker + "/c/" + contentId);
      long fromPeers = bytes(first, CONSOLE, "peers") + peers;

      // The tracker counts the browsers' swarm for the rendition, next to the BitTorrent ones,
      // with the bytes both pages reported trading: at least what they had counted above.
      URI swarms = URI.create(hlsUrl).resolve("/v1/swarms");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode list =
                    JSON.readTree(
                        HttpClient.newHttpClient()
                            .send(
                                HttpRequest.newBuilder(swarms).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body());
                int browsers = 0;
                long downloaded = 0;
                long given = 0;
                for (JsonNode s : list) {
                  if (contentId.equals(s.path("contentId").asText())
                      && s.path("network").asText().equals("webrtc")) {
                    browsers =
                        Math.max(browsers, s.path("seeders").asInt() + s.path("leechers").asInt());
                    downloaded += s.path("downloadedBytes").asLong();
                    given += s.path("uploadedBytes").asLong();
                  }
                }
                assertThat(browsers).as(list::toString).isGreaterThanOrEqualTo(2);
                assertThat(downloaded).as(list::toString).isGreaterThanOrEqualTo(fromPeers);
                assertThat(given).as(list::toString).isGreaterThanOrEqualTo(uploaded);
              });
      Map<?, ?> reports = (Map<?, ?>) later.executeScript("return " + SITE + ".reports");
      assertThat(((Number) reports.get("counted")).intValue()).as(reports::toString).isPositive();
    } finally {
      first.quit();
      if (second != null) {
        second.quit();
      }
    }
  }

  private static void startPlaying(ChromeDriver b, String key) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Boolean.TRUE.equals(
                    b.executeScript(
                        "const x = document.querySelector('button[data-play=\"' + arguments[0]"
                            + " + '\"]'); if (!x || x.disabled || !window.whirlwind.playerReady)"
                            + " return false; x.click(); return true;",
                        key)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.executeScript("return " + CONSOLE + ".p2p") != null);
  }

  private static double currentTime(ChromeDriver b) {
    return ((Number) b.executeScript("return document.querySelector('video').currentTime"))
        .doubleValue();
  }

  private static long bytes(ChromeDriver b, String player, String what) {
    Object n =
        b.executeScript(
            "const p = " + player + "; return p && p.bytes ? p.bytes[arguments[0]] : 0;", what);
    return ((Number) n).longValue();
  }

  /** What a page says of its player, for failure messages. */
  private static String state(ChromeDriver b, String what) {
    return String.valueOf(
        b.executeScript(
            "return JSON.stringify("
                + what
                + ", (k, v) => k === 'hls' || k === 'destroy' ? undefined : v)"));
  }

  private static String share(ChromeDriver b) {
    return String.valueOf(b.executeScript("return document.getElementById('p2p-share').innerText"));
  }

  /** Clicks a rendition's play button and checks that the time advances with no media error. */
  private void play(JavascriptExecutor js, String key, String kind) {
    Object clicked =
        js.executeScript(
            "const b = document.querySelector('button[data-play=\"' + arguments[0] + '\"]');"
                + " if (!b || b.disabled) return false; b.click(); return b.dataset.kind;",
            key);
    assertThat(clicked).as("a play button for " + key).isEqualTo(kind);
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat((List<?>) js.executeScript("return window.whirlwind.errors"))
                  .as("player errors")
                  .isEmpty();
              Number t =
                  (Number) js.executeScript("return document.getElementById('player').currentTime");
              assertThat(t.doubleValue()).as("playback time of " + key).isGreaterThan(2.0);
            });
    @SuppressWarnings("unchecked")
    Map<String, Object> playing =
        (Map<String, Object>) js.executeScript("return window.whirlwind.playing");
    assertThat(playing.get("key")).isEqualTo(key);
    assertThat(
            (Boolean) js.executeScript("return document.getElementById('player').error === null"))
        .isTrue();
    if (kind.equals("HLS")) {
      // The tracker redirected the player to a cache, where the playlist and its media are.
      assertThat(String.valueOf(playing.get("servedFrom"))).contains("/c/").endsWith(".m3u8");
    }
  }

  @Test
  @Order(2)
  void twelveLibtorrentClientsTradeAndEveryCopyIsIntact() throws Exception {
    RealClients.requireLibtorrent();
    awaitReady();
    JsonNode sunrise = video("sunrise");
    String id = sunrise.path("contentId").asText();
    String torrent = sunrise.path("urls").path("torrent").asText();
    long servedBefore = served(id);
    Path clients = Files.createDirectories(dir.resolve("libtorrent"));
    Process p =
        new ProcessBuilder(
                RealClients.PYTHON,
                clientScript("libtorrent_clients.py").toString(),
                torrent,
                clients.toString(),
                Integer.toString(CLIENTS),
                id,
                "180",
                "0.3")
            .redirectErrorStream(true)
            .start();
    String out;
    try {
      assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the clients finished").isTrue();
    } finally {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.destroyForcibly();
    }
    String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
    JsonNode result = JSON.readTree(last);
    assertThat(result.path("intact").asInt()).as(out).isEqualTo(CLIENTS);
    // A cache counts a slice as it writes it, so every byte a client got is counted by now.
    long sent = served(id) - servedBefore;
    long received = result.path("received_bytes").asLong();
    double multiplier = (double) received / sent;
    System.out.printf(
        "standalone swarm: %d libtorrent clients received %d bytes, the caches sent %d:"
            + " bandwidth multiplier %.2f (libtorrent counted %d bytes from web seeds), %s s%n",
        CLIENTS,
        received,
        sent,
        multiplier,
        result.path("from_web_seeds_bytes").asLong(),
        result.path("seconds").asText());
    assertThat(sent).as("the caches served as web seeds").isPositive();
    assertThat(received)
        .isGreaterThanOrEqualTo((long) CLIENTS * sunrise.path("sizeBytes").asLong());
    assertThat(multiplier).as("peers traded: client bytes over cache bytes").isGreaterThan(1.0);
  }

  private long served(String contentId) throws Exception {
    return run.servedBytes(Set.of(contentId), dir.resolve("work"));
  }

  @Test
  @Order(3)
  void aria2cFollowsARenditionsMetalinkAndCurlFetchesRanges() throws Exception {
    RealClients.requireAria2();
    awaitReady();
    JsonNode r = rendition("tide", "360p-h264");
    String id = r.path("contentId").asText();
    Path into = Files.createDirectories(dir.resolve("aria2"));
    Process aria =
        new ProcessBuilder(
                "aria2c",
                "--seed-time=0",
                "--follow-metalink=mem",
                "--enable-dht=false",
                "--bt-enable-lpd=false",
                "--console-log-level=warn",
                "-d",
                into.toString(),
                r.path("urls").path("metalink").asText())
            .redirectErrorStream(true)
            .start();
    assertThat(aria.waitFor(120, TimeUnit.SECONDS)).as("aria2c finished on its own").isTrue();
    String log = new String(aria.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(aria.exitValue()).as(log).isZero();
    Path file;
    try (var files = Files.list(into)) {
      file = files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(file);
    assertThat(sha256(whole)).as("the rendition's bytes").isEqualTo(id);

    String http = r.path("urls").path("http").asText();
    assertThat(curlRange(http, "1000-1999")).isEqualTo(Arrays.copyOfRange(whole, 1000, 2000));
    assertThat(curlRange(http, "-500"))
        .isEqualTo(Arrays.copyOfRange(whole, whole.length - 500, whole.length));
  }

  private byte[] curlRange(String url, String range) throws Exception {
    Path out = Files.createTempFile(dir, "range", ".bin");
    Process curl =
        new ProcessBuilder("curl", "-fsSL", "-r", range, "-o", out.toString(), url)
            .redirectErrorStream(true)
            .start();
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue())
        .as(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    return Files.readAllBytes(out);
  }

  @Test
  @Order(4)
  void transmissionDownloadsFromTheWebSeeds() throws Exception {
    RealClients.requireTransmission();
    awaitReady();
    JsonNode tide = video("tide");
    String id = tide.path("contentId").asText();
    Path torrent = dir.resolve("tide.torrent");
    Process fetch =
        new ProcessBuilder(
                "curl",
                "-fsS",
                "-o",
                torrent.toString(),
                tide.path("urls").path("torrent").asText())
            .start();
    assertThat(fetch.waitFor(30, TimeUnit.SECONDS) && fetch.exitValue() == 0).isTrue();
    Path downloads = Files.createDirectories(dir.resolve("transmission-downloads"));
    Path log = dir.resolve("transmission.log");
    Process client = RealClients.startTransmission(dir, torrent, downloads, log);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                try (var files = Files.list(downloads)) {
                  return files
                      .filter(Files::isRegularFile)
                      .anyMatch(f -> id.equals(sha256Quietly(f)));
                }
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "Transmission did not finish; its log:\n" + Files.readString(log), e);
    } finally {
      client.destroy();
      if (!client.waitFor(10, TimeUnit.SECONDS)) {
        client.destroyForcibly();
      }
    }
  }

  static Path clientScript(String name) throws Exception {
    var url = StandaloneSystemTest.class.getResource("/clients/" + name);
    assertThat(url).as(name).isNotNull();
    return Path.of(url.toURI());
  }

  private static String sha256Quietly(Path f) {
    try {
      return sha256(Files.readAllBytes(f));
    } catch (Exception e) {
      return "";
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
