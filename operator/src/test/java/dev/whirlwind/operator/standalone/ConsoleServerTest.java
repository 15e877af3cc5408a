package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in origin and status API over real HTTP on loopback. */
class ConsoleServerTest {
  @TempDir Path dir;
  private ConsoleServer server;
  private dev.whirlwind.operator.web.Telemetry telemetry;
  private byte[] clip;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    clip = new byte[200_000];
    for (int i = 0; i < clip.length; i++) {
      clip[i] = (byte) (i * 31);
    }
    Files.write(dir.resolve("tide.mp4"), clip);
    telemetry = new dev.whirlwind.operator.web.Telemetry();
    server =
        new ConsoleServer(
            0,
            dir,
            new dev.whirlwind.operator.web.ConsoleHandler(() -> Map.of("revision", 3), telemetry));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path));
  }

  @Test
  void servesSamplesWholeAndInRangesAndCountsWhatItServed() throws Exception {
    HttpResponse<byte[]> whole = send(at("/samples/tide.mp4"));
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(clip);
    assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

    HttpResponse<byte[]> part = send(at("/samples/tide.mp4").header("Range", "bytes=1000-1999"));
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/200000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(clip, 1000, 2000));

    HttpResponse<byte[]> head =
        send(at("/samples/tide.mp4").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("200000");

    assertThat(server.originServed().get("tide.mp4"))
        .containsEntry("requests", 3L)
        .containsEntry("bytes", 201_000L);
  }

  @Test
  void answersWhatItCannotServeWithJsonErrors() throws Exception {
    HttpResponse<byte[]> missing = send(at("/samples/none.mp4"));
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode body = new ObjectMapper().readTree(missing.body());
    assertThat(body.path("error").asText()).isEqualTo("not found");
    assertThat(body.path("detail").asText()).contains("none.mp4");

    assertThat(send(at("/samples/../token")).statusCode()).isEqualTo(404);
    HttpResponse<byte[]> beyond = send(at("/samples/tide.mp4").header("Range", "bytes=300000-"));
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */200000");
    HttpResponse<byte[]> post =
        send(at("/api/status").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(new String(post.body())).contains("\"detail\"");
    assertThat(server.originServed()).doesNotContainKey("none.mp4");
  }

  @Test
  void statusIsTheSuppliersJson() throws Exception {
    HttpResponse<byte[]> r = send(at("/api/status"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(r.body()).path("revision").asInt()).isEqualTo(3);
  }

  @Test
  void servesThePageAndItsLibrariesFromTheJarAndTheChartsSinceATime() throws Exception {
    HttpResponse<byte[]> page = send(at("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
    // Every script and style the page names is served here: nothing from another host.
    var refs = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    int n = 0;
    while (refs.find()) {
      String ref = refs.group(1);
      assertThat(ref).doesNotContain("//");
      HttpResponse<byte[]> asset = send(at("/" + ref));
      assertThat(asset.statusCode()).as(ref).isEqualTo(200);
      assertThat(asset.body().length).as(ref).isGreaterThan(100);
      n++;
    }
    assertThat(n).isEqualTo(4);
    // The player module and every module it imports, relative to it, as a browser follows them:
    // served with CORS (sites import it from here), and no import a browser could not resolve
    // without an import map.
    java.util.ArrayDeque<URI> toLoad = new java.util.ArrayDeque<>();
    java.util.Set<String> loaded = new java.util.TreeSet<>();
    toLoad.add(URI.create(server.url() + "/whirlwind-player.js"));
    var imports = java.util.regex.Pattern.compile("(?:from|import)\\s*\\(?\"(\\.[^\"]+)\"");
    while (!toLoad.isEmpty()) {
      URI module = toLoad.poll();
      if (!loaded.add(module.getPath())) {
        continue;
      }
      HttpResponse<byte[]> asset = send(HttpRequest.newBuilder(module));
      assertThat(asset.statusCode()).as(module.getPath()).isEqualTo(200);
      assertThat(asset.body().length).as(module.getPath()).isGreaterThan(5_000);
      assertThat(asset.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      String js = new String(asset.body(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(js).doesNotContain("from \"p2p-media-loader-core\"");
      var found = imports.matcher(js);
      while (found.find()) {
        toLoad.add(module.resolve(found.group(1)));
      }
    }
    assertThat(loaded)
        .containsExactlyInAnyOrder(
            "/whirlwind-player.js",
            "/vendor/hls.min.mjs",
            "/vendor/p2p-media-loader-hlsjs.es.min.js",
            "/vendor/p2p-media-loader-core.es.min.js");
    assertThat(new String(send(at("/app.js")).body(), "UTF-8"))
        .contains("import(\"./whirlwind-player.js\")");
    String hls = new String(send(at("/vendor/hls.min.mjs")).body(), "UTF-8");
    assertThat(hls).contains(dev.whirlwind.operator.web.PageAssets.versions().get("hls.js"));
    assertThat(send(at("/vendor/uPlot.iife.min.js")).headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=86400");

    java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_000_000);
    telemetry.record(t0, Map.of(), java.util.List.of());
    telemetry.record(t0.plusSeconds(2), Map.of(), java.util.List.of());
    JsonNode series = new ObjectMapper().readTree(send(at("/api/telemetry?since=1000000")).body());
    assertThat(series.path("points")).hasSize(1);
    assertThat(series.path("points").get(0).path("at").asLong()).isEqualTo(1_002_000);
    HttpResponse<byte[]> bad = send(at("/api/telemetry?since=yesterday"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(bad.body()).path("detail").asText()).contains("since");
    assertThat(send(at("/vendor/../token")).statusCode()).isEqualTo(404);
  }
}
