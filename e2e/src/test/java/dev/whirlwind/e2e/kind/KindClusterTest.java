package dev.whirlwind.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.e2e.Commands;
import dev.whirlwind.e2e.chart.ChartRendering;
import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.testing.RangeFileServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.ByteArrayInputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart and the images in a real cluster, as a platform team meets them: a KinD cluster, the
 * release images loaded from their tars, {@code helm install} (first an older chart, whose CRDs the
 * operator refuses, then the upgrade that fixes them), the quickstart's three kinds Ready, a video
 * through a port-forward with curl and libtorrent, a rendition decoded by ffprobe, {@code helm
 * upgrade} to a changed value, and an uninstall that keeps the CRDs and the catalogs.
 *
 * <p>Runs where {@code docker} and {@code kind} work and the release images were built ({@code
 * ./mvnw -Pimages package -DskipTests}); .github/workflows/e2e.yml does both. Elsewhere it is
 * skipped with the reason.
 */
@Tag("kind")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KindClusterTest {
  static final Path ROOT = ChartRendering.ROOT;
  static final String RELEASE = "whirlwind";
  static final String SYSTEM = "whirlwind-system";
  static final String NS = "video";
  static final Duration READY = Duration.ofMinutes(15);
  static final List<String> IMAGES =
      List.of("operator", "tracker-daemon", "cache-daemon", "transcoder-daemon");

  @TempDir Path dir;
  private Kind kind;
  private KubernetesClient client;
  private RangeFileServer origin;
  private final Map<String, byte[]> samples = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Why the suite cannot run here; null when it can. */
  private String skipped;

  @BeforeAll
  void createTheCluster(@TempDir Path work) throws Exception {
    skipped = Kind.missing();
    for (String image : IMAGES) {
      if (skipped == null && !Files.exists(imageTar(image))) {
        skipped =
            "no release image "
                + imageTar(image)
                + "; build them first: ./mvnw -Pimages package -DskipTests";
      }
    }
    if (skipped != null) {
      skipped =
          "KinD suite skipped: "
              + skipped
              + ". It runs where Docker and kind exist (.github/workflows/e2e.yml).";
      System.out.println(skipped);
      return;
    }
    kind =
        new Kind(
            "whirlwind-e2e-" + UUID.randomUUID().toString().substring(0, 8),
            work.resolve("kubeconfig"));
    kind.create();
    for (String image : IMAGES) {
      kind.load(imageTar(image));
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kind.kubeconfig)))
            .build();
    origin = new RangeFileServer(kind.hostAddress());
    Path clips = Files.createDirectories(work.resolve("samples"));
    Commands.run(
        List.of(
            "java",
            "-Dorg.bytedeco.javacpp.cachedir=" + work.resolve("javacpp"),
            "-cp",
            Ffprobe.TRANSCODER_JAR.toString(),
            "dev.whirlwind.transcoder.samples.SampleClips",
            clips.toString()),
        600);
    try (Stream<Path> files = Files.list(clips)) {
      for (Path clip : files.filter(p -> p.toString().endsWith(".mp4")).toList()) {
        byte[] bytes = Files.readAllBytes(clip);
        samples.put(clip.getFileName().toString(), bytes);
        origin.put("/samples/" + clip.getFileName(), bytes);
      }
    }
    assertThat(samples).containsKeys("sunrise.mp4", "tide.mp4", "spark.mp4");
  }

  @BeforeEach
  void onlyWithACluster() {
    assumeTrue(skipped == null, skipped);
  }

  @AfterAll
  void deleteTheCluster() throws Exception {
    if (client != null) {
      client.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (kind != null && System.getenv("WHIRLWIND_KEEP_KIND") == null) {
      kind.delete();
    }
  }

  static Path imageTar(String image) {
    return ROOT.resolve(image).resolve("target/image").resolve(image + ".tar");
  }

  private String kubeconfig() throws Exception {
    return Files.readString(kind.kubeconfig);
  }

  /** A copy of the chart whose CachePool CRD is an older one: a description differs. */
  private Path olderChart() throws Exception {
    Path copy = ChartRendering.copyOfTheChart(dir.resolve("older"));
    Path crd = copy.resolve("files/crds/cachepools.whirlwind.dev-v1.yml");
    String older = Files.readString(crd).replace("Number of cache nodes.", "Cache nodes.");
    assertThat(older).isNotEqualTo(Files.readString(crd));
    Files.writeString(crd, older);
    return copy;
  }

  private Deployment operatorDeployment() {
    return client.apps().deployments().inNamespace(SYSTEM).withName(RELEASE + "-operator").get();
  }

  private CustomResourceDefinition crd(String plural) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(GeneratedCrds.name(plural))
        .get();
  }

  private String operatorTerminationMessages() {
    StringBuilder sb = new StringBuilder();
    client
        .pods()
        .inNamespace(SYSTEM)
        .withLabel("app.kubernetes.io/name", "whirlwind-operator")
        .list()
        .getItems()
        .forEach(
            p ->
                p.getStatus()
                    .getContainerStatuses()
                    .forEach(
                        c -> {
                          if (c.getLastState() != null
                              && c.getLastState().getTerminated() != null) {
                            sb.append(c.getLastState().getTerminated().getMessage());
                          }
                        }));
    return sb.toString();
  }

  @Test
  @Order(1)
  void anOlderChartsCrdsStopTheOperatorUntilHelmUpgradeUpgradesThem() throws Exception {
    new Helm(olderChart())
        .install()
        .withName(RELEASE)
        .withNamespace(SYSTEM)
        .createNamespace()
        .withKubeConfigContents(kubeconfig())
        .call();
    assertThat(
            crd("cachepools").getMetadata().getAnnotations().get(GeneratedCrds.DIGEST_ANNOTATION))
        .isNotEqualTo(GeneratedCrds.sha256("cachepools"));
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(operatorTerminationMessages())
                    .contains("CRD cachepools.whirlwind.dev is another version"));

    new Helm(ChartRendering.CHART)
        .upgrade()
        .withName(RELEASE)
        .withNamespace(SYSTEM)
        .withKubeConfigContents(kubeconfig())
        .waitReady()
        .withTimeout(300)
        .call();
    for (String plural : GeneratedCrds.PLURALS) {
      CustomResourceDefinition installed = crd(plural);
      assertThat(installed.getMetadata().getAnnotations())
          .containsEntry(GeneratedCrds.DIGEST_ANNOTATION, GeneratedCrds.sha256(plural))
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(installed.getSpec().getVersions().get(0).getSchema())
          .isEqualTo(GeneratedCrds.load(plural).getSpec().getVersions().get(0).getSchema());
    }
    await()
        .atMost(Duration.ofMinutes(5))
        .until(
            () -> Integer.valueOf(1).equals(operatorDeployment().getStatus().getReadyReplicas()));
  }

  @Test
  @Order(2)
  void theQuickstartsPoolProfilesAndCatalogBecomeReady() throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    String host = URI.create(origin.baseUrl()).getHost();
    String yaml =
        Files.readString(ROOT.resolve("examples/quickstart.yaml"))
            .replace("http://127.0.0.1:7600/samples/", origin.url("/samples/"))
            // The origin is this machine on the cluster's private network.
            .replace(
                "  defaultShareBytesPerSecond: 2000000",
                "  defaultShareBytesPerSecond: 2000000\n  allowedOriginNetworks: [\""
                    + host.replaceAll("\\.\\d+\\.\\d+$", ".0.0")
                    + "/16\"]");
    for (HasMetadata o : client.load(new ByteArrayInputStream(yaml.getBytes())).items()) {
      o.getMetadata().setNamespace(NS);
      client.resource(o).create();
    }
    for (Class<? extends HasMetadata> type :
        List.of(CachePool.class, TranscodeProfile.class, VideoCatalog.class)) {
      for (HasMetadata o : client.resources(type).inNamespace(NS).list().getItems()) {
        client
            .resources(type)
            .inNamespace(NS)
            .withName(o.getMetadata().getName())
            .waitUntilCondition(KindClusterTest::ready, READY.toSeconds(), TimeUnit.SECONDS);
      }
    }
    // The transcoders rendered every rendition behind their NetworkPolicy: the operator got in.
    for (String profile : List.of("360p-h264", "360p-hls")) {
      assertThat(
              client
                  .network()
                  .v1()
                  .networkPolicies()
                  .inNamespace(NS)
                  .withName(profile + "-transcoder")
                  .get())
          .as(profile)
          .isNotNull();
    }
  }

  static boolean ready(HasMetadata o) {
    if (o == null) {
      return false;
    }
    JsonNode conditions = new ObjectMapper().valueToTree(o).path("status").path("conditions");
    for (JsonNode c : conditions) {
      if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
        return true;
      }
    }
    return false;
  }

  private VideoStatus video(String id) {
    VideoCatalog catalog =
        client.resources(VideoCatalog.class).inNamespace(NS).withName("quickstart").get();
    return catalog.getStatus().videos.stream()
        .filter(v -> v.id.equals(id))
        .findFirst()
        .orElseThrow();
  }

  private LocalPortForward forward(String service, int port) {
    return client.services().inNamespace(NS).withName(service).portForward(port);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @Order(3)
  void aVideoDownloadsThroughAPortForwardWithCurlAndLibtorrent() throws Exception {
    VideoStatus sunrise = video("sunrise");
    byte[] original = samples.get("sunrise.mp4");
    try (LocalPortForward cache = forward("quickstart-cache", 8080);
        LocalPortForward tracker = forward("quickstart-tracker", 6969)) {
      String base = "http://127.0.0.1:" + cache.getLocalPort();
      Path whole = dir.resolve("sunrise.mp4");
      Commands.run(
          List.of("curl", "-fsS", "-o", whole.toString(), base + "/c/" + sunrise.contentId), 120);
      assertThat(sha256(Files.readAllBytes(whole))).isEqualTo(sha256(original));
      Path part = dir.resolve("sunrise.part");
      Commands.run(
          List.of(
              "curl",
              "-fsS",
              "-r",
              "1000-1999",
              "-o",
              part.toString(),
              base + "/c/" + sunrise.contentId),
          60);
      assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOfRange(original, 1000, 2000));

      // The tracker's .torrent names the caches by their in-cluster names; libtorrent on this
      // machine gets the same torrent with its web seed moved to the forwarded port.
      HttpResponse<byte[]> torrent =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + tracker.getLocalPort()
                              + "/v1/contents/"
                              + sunrise.contentId
                              + ".torrent"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(torrent.statusCode()).isEqualTo(200);
      Map<String, Object> meta = new LinkedHashMap<>(Bencode.decodeDictionary(torrent.body()));
      List<Object> seeds = new ArrayList<>();
      for (Object url : (List<?>) meta.get("url-list")) {
        String u = url instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : url.toString();
        URI inCluster = URI.create(u);
        seeds.add(base + inCluster.getRawPath());
      }
      meta.put("url-list", seeds);
      try (RangeFileServer local = new RangeFileServer()) {
        local.put("/sunrise.torrent", Bencode.encode(meta));
        Path script = dir.resolve("libtorrent_webseed.py");
        try (var in = getClass().getResourceAsStream("/clients/libtorrent_webseed.py")) {
          Files.write(script, in.readAllBytes());
        }
        Path save = Files.createDirectories(dir.resolve("libtorrent"));
        String out =
            Commands.run(
                List.of(
                    "/usr/bin/python3",
                    script.toString(),
                    local.url("/sunrise.torrent"),
                    save.toString(),
                    "180"),
                240);
        assertThat(out).contains("\"seeding\": true");
        try (Stream<Path> files = Files.walk(save)) {
          Path got = files.filter(Files::isRegularFile).findFirst().orElseThrow();
          assertThat(sha256(Files.readAllBytes(got))).isEqualTo(sha256(original));
        }
      }
    }
  }

  @Test
  @Order(4)
  void anMp4RenditionDecodesWithFfprobe() throws Exception {
    RenditionStatus mp4 =
        video("tide").renditions.stream()
            .filter(r -> r.profile.equals("360p-h264"))
            .findFirst()
            .orElseThrow();
    try (LocalPortForward cache = forward("quickstart-cache", 8080)) {
      Path file = dir.resolve("tide-360p.mp4");
      Commands.run(
          List.of(
              "curl",
              "-fsS",
              "-o",
              file.toString(),
              "http://127.0.0.1:" + cache.getLocalPort() + "/c/" + mp4.contentId),
          120);
      JsonNode video = null;
      for (JsonNode s : Ffprobe.streams(file, dir.resolve("javacpp"))) {
        if (s.path("codec_type").asText().equals("video")) {
          video = s;
        }
      }
      assertThat(video).as("a video stream").isNotNull();
      assertThat(video.path("codec_name").asText()).isEqualTo("h264");
      assertThat(video.path("height").asInt()).isEqualTo(360);
      assertThat(video.path("nb_read_frames").asInt()).isGreaterThan(10);
    }
  }

  @Test
  @Order(5)
  void helmUpgradeToAChangedValueRollsTheOperator() throws Exception {
    new Helm(ChartRendering.CHART)
        .upgrade()
        .withName(RELEASE)
        .withNamespace(SYSTEM)
        .withKubeConfigContents(kubeconfig())
        .set("operator.logLevel", "DEBUG")
        .waitReady()
        .withTimeout(300)
        .call();
    var deployment = operatorDeployment();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anyMatch(e -> e.getName().equals("WHIRLWIND_LOG_LEVEL") && "DEBUG".equals(e.getValue()));
    await()
        .atMost(Duration.ofMinutes(5))
        .until(
            () -> {
              var d = operatorDeployment();
              return d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                  && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                  && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
            });
    // The new operator keeps the catalog Ready.
    assertThat(
            ready(
                client.resources(VideoCatalog.class).inNamespace(NS).withName("quickstart").get()))
        .isTrue();
  }

  @Test
  @Order(6)
  void uninstallRemovesTheOperatorAndKeepsTheCrdsAndCatalogs() throws Exception {
    Helm.uninstall(RELEASE).withNamespace(SYSTEM).withKubeConfigContents(kubeconfig()).call();
    await().atMost(Duration.ofMinutes(3)).until(() -> operatorDeployment() == null);
    for (String plural : GeneratedCrds.PLURALS) {
      assertThat(crd(plural)).as(plural).isNotNull();
    }
    assertThat(client.resources(VideoCatalog.class).inNamespace(NS).withName("quickstart").get())
        .isNotNull();
    assertThat(client.resources(CachePool.class).inNamespace(NS).withName("quickstart").get())
        .isNotNull();
    assertThat(client.apps().statefulSets().inNamespace(NS).withName("quickstart-cache").get())
        .as("the daemons stay with their owners")
        .isNotNull();
  }
}
