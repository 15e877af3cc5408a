package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.operator.cachepool.CachePoolNames;
import dev.whirlwind.operator.tracker.TrackerNames;
import dev.whirlwind.operator.transcoder.TranscoderNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images the build writes with Jib. Without a registry the build bases them on {@code
 * scratch} (the parent pom; the {@code images} profile uses the real JRE base), so their config is
 * checked as written and their file system is run with this machine's JVM: the entrypoint's
 * classpath and main class, as the image has them, start each daemon.
 */
class ImageTarsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path ROOT = RenderCommandTest.ROOT;
  private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();
  @TempDir static Path dir;

  record Image(String name, String mainClass, List<String> ports) {}

  static final List<Image> IMAGES =
      List.of(
          new Image("operator", "dev.whirlwind.operator.Main", List.of("8081/tcp", "8090/tcp")),
          new Image(
              "tracker-daemon",
              "dev.whirlwind.tracker.TrackerDaemon",
              List.of(
                  TrackerNames.HTTP_PORT + "/tcp",
                  TrackerNames.HTTP_PORT + "/udp",
                  TrackerNames.ADMIN_PORT + "/tcp",
                  TrackerNames.WEBSOCKET_PORT + "/tcp")),
          new Image(
              "cache-daemon",
              "dev.whirlwind.cache.CacheDaemon",
              List.of(CachePoolNames.HTTP_PORT + "/tcp", CachePoolNames.ADMIN_PORT + "/tcp")),
          new Image(
              "transcoder-daemon",
              "dev.whirlwind.transcoder.TranscoderDaemon",
              List.of(TranscoderNames.HTTP_PORT + "/tcp")));

  static Path tar(String name) {
    return ROOT.resolve(name).resolve("target/image-check").resolve(name + ".tar");
  }

  /** The image tar unpacked once: {@code oci/} as written, {@code rootfs/} its layers applied. */
  static Path unpacked(String name) throws Exception {
    Path out = UNPACKED.get(name);
    if (out != null) {
      return out;
    }
    out = dir.resolve(name);
    Path oci = Files.createDirectories(out.resolve("oci"));
    Path rootfs = Files.createDirectories(out.resolve("rootfs"));
    Commands.run(List.of("tar", "-xf", tar(name).toString(), "-C", oci.toString()), 120);
    for (JsonNode layer : manifest(out).get("Layers")) {
      Commands.run(
          List.of("tar", "-xzf", oci.resolve(layer.asText()).toString(), "-C", rootfs.toString()),
          120);
    }
    UNPACKED.put(name, out);
    return out;
  }

  static JsonNode manifest(Path unpacked) throws IOException {
    return JSON.readTree(unpacked.resolve("oci/manifest.json").toFile()).get(0);
  }

  static JsonNode config(Path unpacked) throws IOException {
    return JSON.readTree(
        unpacked.resolve("oci").resolve(manifest(unpacked).get("Config").asText()).toFile());
  }

  /** The image's entrypoint with its /app paths moved into the unpacked file system. */
  static List<String> launch(String name) throws Exception {
    Path unpacked = unpacked(name);
    Path rootfs = unpacked.resolve("rootfs");
    String app = rootfs.resolve("app").toString();
    List<String> command = new ArrayList<>();
    for (JsonNode part : config(unpacked).at("/config/Entrypoint")) {
      String arg = part.asText();
      if (arg.startsWith("@/app/")) {
        Path file = rootfs.resolve(arg.substring(2));
        Path moved = unpacked.resolve("classpath-file");
        Files.writeString(moved, Files.readString(file).replace("/app/", app + "/"));
        arg = "@" + moved;
      }
      command.add(
          arg.replace("=/tmp/javacpp", "=" + unpacked.resolve("javacpp"))
              .replace("=/tmp", "=" + unpacked));
    }
    return command;
  }

  @Test
  void everyImageIsNonRootWithItsEntrypointPortsAndLayers() throws Exception {
    String appVersion =
        new YAMLMapper()
            .readTree(ROOT.resolve("charts/whirlwind/Chart.yaml").toFile())
            .get("appVersion")
            .asText();
    for (Image image : IMAGES) {
      Path unpacked = unpacked(image.name());
      assertThat(manifest(unpacked).get("RepoTags").get(0).asText())
          .as("tagged as the chart installs it")
          .isEqualTo("ghcr.io/whirlwind-dev/" + image.name() + ":" + appVersion);
      JsonNode config = config(unpacked).get("config");
      assertThat(config.get("User").asText()).isEqualTo("10001:10001");
      List<String> entrypoint = new ArrayList<>();
      config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
      assertThat(entrypoint.get(0)).isEqualTo("java");
      assertThat(entrypoint)
          .contains(
              "-XX:MaxRAMPercentage=75",
              "-XX:+ExitOnOutOfMemoryError",
              "-Dio.netty.native.workdir=/tmp")
          .endsWith(image.mainClass());
      List<String> ports = new ArrayList<>();
      config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
      assertThat(ports).as(image.name()).containsExactlyInAnyOrderElementsOf(image.ports());
      assertThat(config.at("/Labels/org.opencontainers.image.version").asText())
          .isEqualTo(appVersion);
      List<String> layers = new ArrayList<>();
      config(unpacked).get("history").forEach(h -> layers.add(h.path("comment").asText()));
      assertThat(layers)
          .as("dependencies apart from our classes, so a rebuild ships small layers")
          .contains("dependencies", "resources", "classes");
      assertThat(config.path("Cmd").toString())
          .isEqualTo(image.name().equals("operator") ? "[\"run\"]" : "");
    }
  }

  @Test
  void theTranscoderImageCarriesTheFfmpegNativesJavaCvShips() throws Exception {
    Path libs = unpacked("transcoder-daemon").resolve("rootfs/app/libs");
    try (var files = Files.list(libs)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("ffmpeg-.*-linux-x86_64-gpl\\.jar"))
          .anyMatch(n -> n.matches("javacpp-.*-linux-x86_64\\.jar"));
    }
  }

  @Test
  void theOperatorImageRunsItsEntrypointAndCommand() throws Exception {
    List<String> command = launch("operator");
    command.add("run");
    command.add("--help-config");
    String output = Commands.run(command, 60);
    assertThat(output).contains("crdCheck").contains("WHIRLWIND_CRD_CHECK");
  }

  /** Tracker, cache and transcoder start from their images' file systems and become ready. */
  @Test
  void theDaemonsStartFromTheirImages() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "image-test-token");
    int trackerPort = DaemonProcess.freePort();
    int cachePort = DaemonProcess.freePort();
    int transcoderPort = DaemonProcess.freePort();
    String tracker = "http://127.0.0.1:" + trackerPort;
    String cache = "http://127.0.0.1:" + cachePort;
    Path transcoderConfig =
        Files.writeString(
            dir.resolve("transcoder.yaml"),
            String.join(
                "\n",
                "bindAddress: 127.0.0.1",
                "port: " + transcoderPort,
                "name: image-transcoder",
                "adminTokenFile: " + token,
                "stateDir: " + dir.resolve("transcoder-state"),
                "trackerUrls: [" + tracker + "]",
                "cacheUrls: [" + cache + "]",
                ""));
    try (DaemonProcess t =
            DaemonProcess.ready(
                DaemonProcess.start(
                    "tracker-image",
                    launch("tracker-daemon"),
                    DaemonProcess.trackerConfig(dir, trackerPort, token),
                    dir),
                tracker);
        DaemonProcess c =
            DaemonProcess.ready(
                DaemonProcess.start(
                    "cache-image",
                    launch("cache-daemon"),
                    DaemonProcess.cacheConfig(dir, "cache", cachePort, tracker, token),
                    dir),
                cache);
        DaemonProcess x =
            DaemonProcess.ready(
                DaemonProcess.start(
                    "transcoder-image", launch("transcoder-daemon"), transcoderConfig, dir),
                "http://127.0.0.1:" + transcoderPort)) {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + transcoderPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .as("FFmpeg loaded from the image's natives")
          .contains("whirlwind_transcoder_engine{kind=\"cpu_encoder\",name=\"libx264\"} 1.0");
    }
  }
}
