package dev.whirlwind.operator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.catalog.CatalogObserver;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.locate.ClusterDnsLocator;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's read-only console over real HTTP, its catalogs from the mock API server. */
@EnableKubernetesMockClient(crud = true)
class ClusterConsoleTest {
  static KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private DaemonCalls calls;
  private ClusterConsole console;

  @BeforeEach
  void start() throws Exception {
    VideoCatalog c = new VideoCatalog();
    c.getMetadata().setName("films");
    c.getMetadata().setNamespace("media");
    c.setSpec(new VideoCatalogSpec());
    c.getSpec().cachePool = "edge";
    Video v = new Video("bbb", List.of("https://origin.example/bbb.mp4"));
    v.title = "Big Buck Bunny";
    c.getSpec().videos = List.of(v);
    client.resource(c).create();
    VideoCatalogStatus s = new VideoCatalogStatus();
    VideoStatus vs = new VideoStatus();
    vs.id = "bbb";
    vs.phase = VideoPhase.Downloading;
    vs.percent = 40;
    s.videos = List.of(vs);
    s.ready = "0/1";
    c.setStatus(s);
    client.resource(c).updateStatus();

    Telemetry telemetry = new Telemetry();
    calls = new DaemonCalls(Duration.ofSeconds(2), 4);
    console =
        new ClusterConsole(
            0,
            new ConsoleHandler(
                new ClusterStatus(client, List.of(), telemetry, Clock.systemUTC()), telemetry),
            new TelemetrySampler(
                calls,
                new CatalogObserver(calls, new ClusterDnsLocator()),
                telemetry,
                Clock.systemUTC()),
            new PoolRegistry(Clock.systemUTC(), Duration.ofMinutes(5)));
  }

  @AfterEach
  void stop() {
    console.close();
    calls.close();
    client.resources(VideoCatalog.class).inNamespace("media").withName("films").delete();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndEveryCatalogsStatusReadOnly() throws Exception {
    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("app.js", "vendor/uPlot.iife.min.js");
    assertThat(send("GET", "/whirlwind-player.js").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/vendor/hls.min.mjs").statusCode()).isEqualTo(200);

    JsonNode status = json.readTree(send("GET", "/api/status").body());
    assertThat(status.path("mode").asText()).isEqualTo("cluster");
    JsonNode films = status.path("catalogs").path("media/films");
    assertThat(films.path("ready").asText()).isEqualTo("0/1");
    assertThat(films.path("videos").get(0).path("phase").asText()).isEqualTo("Downloading");
    assertThat(films.path("videos").get(0).path("percent").asInt()).isEqualTo(40);
    assertThat(status.path("titles").path("media/films").path("bbb").asText())
        .isEqualTo("Big Buck Bunny");

    HttpResponse<String> write = send("POST", "/api/status");
    assertThat(write.statusCode()).isEqualTo(405);
    assertThat(json.readTree(write.body()).path("detail").asText()).contains("read-only");
    HttpResponse<String> missing = send("GET", "/api/other");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).path("error").asText()).isEqualTo("not found");
  }

  @Test
  void anApiServerThatDoesNotAnswerIsA503WithItsWords() throws Exception {
    Telemetry telemetry = new Telemetry();
    try (ClusterConsole down =
        new ClusterConsole(
            0,
            new ConsoleHandler(
                () -> {
                  throw new io.fabric8.kubernetes.client.KubernetesClientException(
                      "connection refused");
                },
                telemetry),
            new TelemetrySampler(
                calls,
                new CatalogObserver(calls, new ClusterDnsLocator()),
                telemetry,
                Clock.systemUTC()),
            new PoolRegistry(Clock.systemUTC(), Duration.ofMinutes(5)))) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + "/api/status"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json.readTree(r.body()).path("detail").asText()).contains("connection refused");
    }
  }
}
