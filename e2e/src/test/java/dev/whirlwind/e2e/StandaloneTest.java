package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's main command as a user runs it: {@code operator.jar standalone -f
 * examples/quickstart.yaml} (moved to free ports), offline, with its own sample clips. Ctrl-C while
 * videos are on their way leaves no daemon behind and a second run finishes without fetching the
 * origin again; every fetch command it prints finishes on its own with the right bytes; edits to
 * the manifest are followed and bad ones refused; a clash of work directory or ports is refused
 * with what clashed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneTest {
  static final String CATALOG = "default/quickstart";

  private Path dir;
  private Path work;
  private Path manifest;
  private int port;
  private int basePort;
  private StandaloneProcess run;
  private final List<Long> pids = new ArrayList<>();

  @BeforeAll
  void prepare() throws Exception {
    dir = Files.createTempDirectory("standalone");
    work = dir.resolve("work");
    port = DaemonProcess.freePort();
    basePort = StandaloneProcess.freePortBlock(8);
    manifest = dir.resolve("quickstart.yaml");
    Files.writeString(manifest, quickstart());
  }

  private String quickstart() throws IOException {
    String text = Files.readString(RenderCommandTest.ROOT.resolve("examples/quickstart.yaml"));
    assertThat(text).contains("http://127.0.0.1:7600/samples/");
    return text.replace("127.0.0.1:7600", "127.0.0.1:" + port);
  }

  @AfterAll
  void stop() throws Exception {
    if (run != null) {
      pids.addAll(run.daemonPids());
      run.close();
    }
    assertGone(pids);
  }

  private StandaloneProcess start(String name) throws IOException {
    return StandaloneProcess.start(manifest, work, port, basePort, dir.resolve(name + ".out"));
  }

  private static void assertGone(List<Long> pids) {
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("daemon pid " + pid + " is gone")
          .isFalse();
    }
  }

  private static boolean sourcesCachedButNotAllReady(JsonNode c) {
    if (c.path("videos").size() != 3) {
      return false;
    }
    int ready = 0;
    for (JsonNode v : c.path("videos")) {
      String phase = v.path("phase").asText();
      if (!Set.of("Cached", "Transcoding", "Ready").contains(phase)) {
        return false;
      }
      ready += phase.equals("Ready") ? 1 : 0;
    }
    return ready < 3;
  }

  private void awaitReady(StandaloneProcess p, int videos, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(p.process.isAlive()).as(p::output).isTrue();
              JsonNode c = p.catalog(CATALOG);
              assertThat(c.path("ready").asText())
                  .as(() -> c + "\n" + p.output())
                  .isEqualTo(videos + "/" + videos);
            });
  }

  @Test
  @Order(1)
  void ctrlCWhileVideosAreOnTheirWayStopsEveryDaemonAndASecondRunResumes() throws Exception {
    StandaloneProcess first = start("first");
    try {
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(first.process.isAlive()).as(first::output).isTrue();
                return sourcesCachedButNotAllReady(first.catalog(CATALOG));
              });
      List<Long> firstPids = first.daemonPids();
      assertThat(firstPids).hasSize(5);
      first.interrupt();
      // 130 is how a JVM ends on SIGINT once its shutdown hooks have run.
      assertThat(first.awaitExit(Duration.ofSeconds(90))).as(first::output).isIn(0, 130);
      assertGone(firstPids);
      assertThat(first.output()).contains("stopped; everything is kept in");
      try (Stream<Path> files = Files.walk(work)) {
        assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp")))
            .as("half-written files")
            .isEmpty();
      }
    } finally {
      first.close();
    }

    run = start("second");
    awaitReady(run, 3, Duration.ofSeconds(300));
    // Every source was on the caches before Ctrl-C: the second run never asked the origin.
    JsonNode origin = run.status().path("origin");
    origin.forEach(n -> assertThat(n.path("bytes").asLong()).as(origin::toString).isZero());
    assertThat(run.output()).doesNotContain("making the sample clips");
  }

  @Test
  @Order(2)
  void everyCommandItPrintsFinishesOnItsOwnWithTheRightBytes() throws Exception {
    RealClients.requireAria2();
    Set<String> contents = new HashSet<>();
    JsonNode c = run.catalog(CATALOG);
    for (JsonNode v : c.path("videos")) {
      contents.add(v.path("contentId").asText());
      v.path("renditions").forEach(r -> contents.add(r.path("contentId").asText()));
    }
    List<String> commands = new ArrayList<>();
    boolean inSunrise = false;
    for (String line : run.output().split("\n")) {
      if (line.contains("video ") && line.contains(" is Ready (")) {
        inSunrise = line.contains("video sunrise is Ready");
      } else if (inSunrise && line.matches("\\s+(curl|aria2c) .*")) {
        commands.add(line.strip());
      }
    }
    assertThat(commands).as(run::output).hasSize(6);
    int i = 0;
    for (String command : commands) {
      Path into = Files.createDirectories(dir.resolve("fetch-" + i++));
      Process p =
          new ProcessBuilder("bash", "-c", command)
              .directory(into.toFile())
              .redirectErrorStream(true)
              .redirectOutput(into.resolve("client.log").toFile())
              .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command + " finishes").isTrue();
      String log = Files.readString(into.resolve("client.log"));
      assertThat(p.exitValue()).as(command + "\n" + log).isZero();
      List<Path> videos;
      try (Stream<Path> files = Files.list(into)) {
        videos = files.filter(f -> f.toString().endsWith(".mp4")).toList();
      }
      assertThat(videos).as(command + "\n" + log).hasSize(1);
      assertThat(sha256(videos.get(0))).as(command).isIn(contents);
    }

    // Ranges through the tracker's redirect, as a player seeks.
    String http = c.path("videos").get(0).path("urls").path("http").asText();
    Path part = dir.resolve("part.bin");
    Process curl =
        new ProcessBuilder("curl", "-fsSL", "-r", "1000-1999", "-o", part.toString(), http)
            .redirectErrorStream(true)
            .start();
    assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).isZero();
    byte[] sample = Files.readAllBytes(work.resolve("samples/sunrise.mp4"));
    assertThat(Files.readAllBytes(part))
        .isEqualTo(java.util.Arrays.copyOfRange(sample, 1000, 2000));
  }

  @Test
  @Order(2)
  void theHlsRenditionsPlaylistIsReachedThroughTheTracker() throws Exception {
    JsonNode c = run.catalog(CATALOG);
    List<String> playlists = new ArrayList<>();
    for (JsonNode v : c.path("videos")) {
      for (JsonNode r : v.path("renditions")) {
        if (!r.path("urls").path("hls").isMissingNode()) {
          playlists.add(r.path("urls").path("hls").asText());
        }
      }
    }
    assertThat(playlists).hasSize(3);
    for (String url : playlists) {
      Process curl = new ProcessBuilder("curl", "-fsSL", url).redirectErrorStream(true).start();
      String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(body).as(url).startsWith("#EXTM3U").contains("#EXT-X-BYTERANGE");
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @Order(3)
  void followsEditsOfTheManifestAndRefusesBadOnes() throws Exception {
    String good = quickstart();
    String bad = good.replace("bandwidthBytesPerSecond: 12500000", "bandwidthBytesPerSecond: fast");
    int line =
        java.util.Arrays.asList(bad.split("\n")).indexOf("  bandwidthBytesPerSecond: fast") + 1;
    assertThat(line).isPositive();
    Files.writeString(manifest, bad);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.output().contains("is refused, the last good one keeps running"));
    assertThat(run.output())
        .contains("document 1 (CachePool quickstart) breaks the CachePool schema")
        .contains("line " + line + " spec.bandwidthBytesPerSecond");
    assertThat(run.status().path("revision").asLong()).isEqualTo(1);

    // Spark leaves the catalog: the run follows, the catalog counts two videos.
    int spark = good.indexOf("    - id: spark");
    assertThat(spark).isPositive();
    Files.writeString(manifest, good.substring(0, spark));
    awaitReady(run, 2, Duration.ofSeconds(60));
    assertThat(run.status().path("revision").asLong()).isEqualTo(2);
    assertThat(run.output()).contains("changed: applying it");
  }

  @Test
  @Order(4)
  void aSecondRunOnTheSameWorkDirectoryOrPortsIsRefusedWithWhatClashed() throws Exception {
    StandaloneProcess same = start("same-work-dir");
    assertThat(same.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(same.output()).contains("another standalone run uses " + work);

    Path otherWork = dir.resolve("other-work");
    StandaloneProcess ports =
        StandaloneProcess.start(
            manifest, otherWork, DaemonProcess.freePort(), basePort, dir.resolve("ports.out"));
    assertThat(ports.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(ports.output())
        .contains("port " + basePort + " for quickstart-tracker-0")
        .contains("is taken");
    assertThat(Files.readString(dir.resolve("ports.out"), StandardCharsets.UTF_8))
        .doesNotContain("Exception");
  }
}
