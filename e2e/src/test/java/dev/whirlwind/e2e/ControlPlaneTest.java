package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.crds.v1alpha1.Accelerator;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.crds.v1alpha1.CachePoolStorage;
import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.Container;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileSpec;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoCodec;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoSettings;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.e2e.chart.ChartContract;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.WhirlwindOperator;
import dev.whirlwind.operator.cachepool.CacheDaemonConfigRenderer;
import dev.whirlwind.operator.catalog.Rendezvous;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.kube.InstalledCrds;
import dev.whirlwind.operator.locate.StaticLocator;
import dev.whirlwind.operator.security.AdminTokenSecret;
import dev.whirlwind.operator.tracker.TrackerDaemonConfigRenderer;
import dev.whirlwind.operator.transcoder.ProfileInputs;
import dev.whirlwind.operator.transcoder.RenditionProfiles;
import dev.whirlwind.operator.transcoder.TranscoderDaemonConfigRenderer;
import dev.whirlwind.operator.transcoder.TranscoderMode;
import dev.whirlwind.protocol.bencode.Bencode;
import dev.whirlwind.protocol.testing.RangeFileServer;
import dev.whirlwind.protocol.tracker.WebSocketTrackerConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The control plane end to end: the operator in-process against the mock API server (CRUD), and
 * behind it real tracker, cache and transcoder processes on loopback, configured by the operator's
 * own renderers and found through a loopback {@link StaticLocator}. A catalog of three videos from
 * a local origin, with two profiles, ends Ready with every rendition reachable through its URLs;
 * the scheduler pushes shares; a cache killed mid-download is worked around; a restarted operator
 * orders nothing again; an unreachable source fails its video with the origin's error.
 */
@EnableKubernetesMockClient(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneTest {
  static final String NS = "video";
  static final String TOKEN = "control-plane-token";
  static final ObjectMapper JSON = new ObjectMapper();

  /** The operator's requests, told apart from the test's own by this User-Agent. */
  static final String OPERATOR_AGENT = "whirlwind-operator-under-test";

  static KubernetesClient client;
  static KubernetesMockServer server;
  // Not a KubernetesClient field: the mock extension would replace it with a new server's client.
  private final AtomicReference<KubernetesClient> operatorClient = new AtomicReference<>();
  private PrometheusMeterRegistry operatorMetrics;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private Path dir;
  private Path token;
  private RangeFileServer origin;
  private final StaticLocator locator = new StaticLocator();
  private final List<DaemonProcess> daemons = new ArrayList<>();
  private final Map<Integer, DaemonProcess> caches = new LinkedHashMap<>();
  private final Map<Integer, String> cacheUrls = new LinkedHashMap<>();
  // Trackers and caches have their admin API on a port of their own, as in a cluster: a call that
  // went to a client port would get 404.
  private final Map<Integer, String> cacheAdminUrls = new LinkedHashMap<>();
  private String tracker;
  private String trackerAdmin;
  private WhirlwindOperator operator;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private String victim;
  private final Map<String, String> transcoderUrls = new LinkedHashMap<>();
  private final Map<String, DaemonProcess> transcoders = new LinkedHashMap<>();

  private CachePool pool() {
    CachePool p = new CachePool();
    p.getMetadata().setName("edge");
    p.getMetadata().setNamespace(NS);
    p.setSpec(new CachePoolSpec());
    p.getSpec().replicas = 3;
    p.getSpec().storage = new CachePoolStorage("1Gi", null);
    p.getSpec().bandwidthBytesPerSecond = 50_000_000L;
    p.getSpec().defaultShareBytesPerSecond = 50_000_000L;
    p.getSpec().allowedOriginNetworks = List.of("127.0.0.0/8");
    return p;
  }

  private static TranscodeProfile profile(String name, Container container) {
    TranscodeProfile p = new TranscodeProfile();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    p.setSpec(new TranscodeProfileSpec());
    p.getSpec().video = new VideoSettings();
    p.getSpec().video.codec = VideoCodec.H264;
    p.getSpec().video.width = 160;
    p.getSpec().video.height = 120;
    p.getSpec().video.bitrateBytesPerSecond = 20_000L;
    p.getSpec().container = container;
    p.getSpec().accelerator = Accelerator.CPU;
    p.getSpec().concurrency.threadsPerJob = 1;
    return p;
  }

  private VideoCatalog catalog(
      String name, String pool, List<String> profiles, List<Video> videos) {
    VideoCatalog c = new VideoCatalog();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(NS);
    c.setSpec(new VideoCatalogSpec());
    c.getSpec().cachePool = pool;
    c.getSpec().replicas = 2;
    c.getSpec().trackers.announceIntervalSeconds = 30;
    c.getSpec().scheduling.intervalSeconds = 30;
    c.getSpec().profiles = profiles;
    c.getSpec().videos = videos;
    return c;
  }

  /**
   * Three videos, one of whose best cache is edge-cache-2: the cache the test kills while it
   * downloads.
   */
  private List<String> videoIds() {
    List<String> names = List.of("edge-cache-0", "edge-cache-1", "edge-cache-2");
    List<String> picked = new ArrayList<>();
    for (String id : List.of("bbb", "sintel", "tears", "cosmos", "spring", "agent", "charge")) {
      boolean second = "edge-cache-2".equals(Rendezvous.rank(NS + "/films/" + id, names).get(0));
      if (victim == null && second) {
        victim = id;
        picked.add(id);
      } else if (!second && picked.size() < (victim == null ? 2 : 3)) {
        picked.add(id);
      }
      if (victim != null && picked.size() == 3) {
        break;
      }
    }
    assertThat(picked).hasSize(3).contains(victim);
    return picked;
  }

  @BeforeAll
  void startTheCluster() throws Exception {
    dir = Files.createTempDirectory("control-plane");
    token = Files.writeString(dir.resolve("token"), TOKEN);
    GeneratedCrds.create(client);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    // The namespace's Secret exists with the token the daemons read; the operator joins it.
    client.secrets().inNamespace(NS).resource(AdminTokenSecret.desired(NS, TOKEN)).create();

    origin = new RangeFileServer();
    int seconds = 2;
    for (String id : videoIds()) {
      byte[] clip = Files.readAllBytes(NoiseClips.make(dir, id + ".mp4", seconds++));
      origin.put("/films/" + id + ".mp4", clip);
      sources.put(id, origin.url("/films/" + id + ".mp4"));
    }

    // Where every daemon of the resources below listens.
    int trackerPort = DaemonProcess.freePort();
    tracker = "http://127.0.0.1:" + trackerPort;
    trackerAdmin = "http://127.0.0.1:" + DaemonProcess.freePort();
    locator.trackerShard(NS, "films", 0, tracker).adminUrl(tracker, trackerAdmin);
    for (int i = 0; i < 3; i++) {
      cacheUrls.put(i, "http://127.0.0.1:" + DaemonProcess.freePort());
      cacheAdminUrls.put(i, "http://127.0.0.1:" + DaemonProcess.freePort());
      locator
          .cacheNode(NS, "edge", i, cacheUrls.get(i))
          .adminUrl(cacheUrls.get(i), cacheAdminUrls.get(i));
    }
    // The second catalog's tracker is placed but never started: a shard that does not answer.
    locator.trackerShard(NS, "broken", 0, "http://127.0.0.1:" + DaemonProcess.freePort());
    for (String p : List.of("low-mp4", "low-hls")) {
      transcoderUrls.put(p, "http://127.0.0.1:" + DaemonProcess.freePort());
      locator.transcoders(NS, p, List.of(transcoderUrls.get(p)));
    }

    // The daemons, configured by the operator's renderers and moved to loopback.
    VideoCatalog films = catalog("films", "edge", List.of("low-mp4", "low-hls"), List.of());
    Path trackerConfig =
        RenderedConfigs.write(
            TrackerDaemonConfigRenderer.render(films, List.of(tracker)),
            Map.of(
                "bindAddress",
                "127.0.0.1",
                "httpPort",
                trackerPort,
                "adminPort",
                URI.create(trackerAdmin).getPort(),
                // Browsers are not part of this test: no WebSocket port to collide with.
                "webSocket",
                WebSocketTrackerConfig.defaults(),
                "udpPort",
                0,
                "stateDir",
                dir.resolve("tracker-state").toString(),
                "adminTokenFile",
                token.toString(),
                "cacheHeartbeatIntervalSeconds",
                1,
                "probeIntervalSeconds",
                3600),
            dir.resolve("tracker.yaml"));
    daemons.add(DaemonProcess.start("tracker-daemon", trackerConfig, dir));
    for (int i = 0; i < 3; i++) {
      caches.put(i, startCache(i));
    }
    for (String p : transcoderUrls.keySet()) {
      TranscodeProfile profile = profile(p, p.endsWith("hls") ? Container.HLS : Container.MP4);
      int port = URI.create(transcoderUrls.get(p)).getPort();
      Path config =
          RenderedConfigs.write(
              TranscoderDaemonConfigRenderer.render(
                  profile,
                  new ProfileInputs(
                      OperatorConfig.defaults().images(),
                      RenditionProfiles.of(profile),
                      TranscoderMode.CPU)),
              Map.of(
                  "bindAddress",
                  "127.0.0.1",
                  "port",
                  port,
                  "name",
                  p + "-0",
                  "stateDir",
                  dir.resolve(p + "-state").toString(),
                  "adminTokenFile",
                  token.toString()),
              dir.resolve(p + ".yaml"));
      DaemonProcess t = DaemonProcess.start("transcoder-daemon", config, dir);
      daemons.add(t);
      transcoders.put(p, t);
    }
    daemons.get(0).awaitReady(tracker + "/readyz", Duration.ofSeconds(60));
    for (int i = 0; i < 3; i++) {
      caches.get(i).awaitReady(cacheUrls.get(i) + "/readyz", Duration.ofSeconds(60));
    }
    for (String p : transcoders.keySet()) {
      transcoders.get(p).awaitReady(transcoderUrls.get(p) + "/readyz", Duration.ofSeconds(90));
    }
    operator = startOperator();
  }

  private DaemonProcess startCache(int i) throws Exception {
    String url = cacheUrls.get(i);
    Path config =
        RenderedConfigs.write(
            CacheDaemonConfigRenderer.render(pool(), List.of(List.of(trackerAdmin))),
            Map.of(
                "bindAddress",
                "127.0.0.1",
                "port",
                URI.create(url).getPort(),
                "adminPort",
                URI.create(cacheAdminUrls.get(i)).getPort(),
                "publicBaseUrl",
                url,
                "dataDir",
                dir.resolve("cache-" + i).toString(),
                "adminTokenFile",
                token.toString(),
                "capacityBytes",
                1L << 30,
                "heartbeatIntervalSeconds",
                1),
            dir.resolve("cache-" + i + ".yaml"));
    DaemonProcess d = DaemonProcess.start("cache-daemon", config, dir);
    daemons.add(d);
    return d;
  }

  private WhirlwindOperator startOperator() {
    if (operatorClient.get() == null) {
      operatorClient.set(
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(client.getConfiguration())
                      .withUserAgent(OPERATOR_AGENT)
                      .build())
              .build());
    }
    // As Main does before it starts the reconcilers.
    assertThat(InstalledCrds.problems(operatorClient.get())).isEmpty();
    operatorMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorConfig d = OperatorConfig.defaults();
    OperatorConfig config =
        d.with(
                new OperatorConfig.Catalogs(1, 5, 300, 200),
                new OperatorConfig.Scheduler(
                    true, 2_500_000, 48, 8, OperatorConfig.Scheduler.EXACT),
                d.transcoders(),
                false)
            // As the chart configures it: transcoders get NetworkPolicies.
            .with(new OperatorConfig.NetworkPolicies(true, "whirlwind-system", List.of()));
    WhirlwindOperator o =
        WhirlwindOperator.create(
            operatorClient.get(), config, locator, operatorMetrics, Clock.systemUTC(), () -> {});
    o.start();
    return o;
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient.get() != null) {
      operatorClient.get().close();
    }
    for (DaemonProcess d : daemons) {
      d.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  private VideoCatalog current(String name) {
    return client.resources(VideoCatalog.class).inNamespace(NS).withName(name).get();
  }

  private Condition condition(VideoCatalog c, String type) {
    return c == null || c.getStatus() == null
        ? null
        : Conditions.find(c.getStatus().conditions, type);
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    for (DaemonProcess d : daemons) {
      String log = d.log();
      sb.append("--- ")
          .append(d.log)
          .append('\n')
          .append(log, Math.max(0, log.length() - 3000), log.length());
    }
    return sb.toString();
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** What the caches and transcoders were asked to do so far, and what the origin served. */
  private String ordersSoFar() throws Exception {
    StringBuilder sb = new StringBuilder("origin requests " + origin.requests());
    for (int i = 0; i < 2; i++) {
      sb.append("; cache ")
          .append(i)
          .append(" orders ")
          .append(getJson(cacheAdminUrls.get(i) + "/v1/downloads").size());
    }
    for (String url : transcoderUrls.values()) {
      sb.append("; ").append(url).append(" jobs ").append(getJson(url + "/v1/jobs").size());
    }
    return sb.toString();
  }

  private synchronized void createPoolOnce() {
    if (client.resources(CachePool.class).inNamespace(NS).withName("edge").get() == null) {
      client.resource(pool()).create();
    }
  }

  @Test
  @Order(1)
  void aCatalogEndsReadyThroughRealDaemonsAndSurvivesACacheAndAnOperatorRestart() throws Exception {
    assertClientPortsRefuseTheAdminApi();
    // Slow origin: downloads take seconds, so one can be caught under way.
    origin.delayEachResponse(1500);
    createPoolOnce();
    client.resource(profile("low-mp4", Container.MP4)).create();
    client.resource(profile("low-hls", Container.HLS)).create();
    List<Video> videos = new ArrayList<>();
    sources.forEach((id, url) -> videos.add(new Video(id, List.of(url))));
    client.resource(catalog("films", "edge", List.of("low-mp4", "low-hls"), videos)).create();

    // The victim's download runs on edge-cache-2: kill that cache in the middle of it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (JsonNode d : getJson(cacheAdminUrls.get(2) + "/v1/downloads")) {
                if (d.path("key").asText().contains("/films/" + victim + ":")
                    && d.path("state").asText().equals("Downloading")) {
                  return true;
                }
              }
              return false;
            });
    caches.get(2).process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    origin.delayEachResponse(0);

    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              VideoCatalog c = current("films");
              assertThat(condition(c, Conditions.READY))
                  .as(
                      () ->
                          c == null
                              ? ""
                              : String.valueOf(JSON.valueToTree(c.getStatus())) + "\n" + logs())
                  .isNotNull()
                  .extracting(Condition::getStatus)
                  .isEqualTo("True");
            });
    VideoCatalog ready = current("films");
    assertThat(ready.getStatus().ready).isEqualTo("3/3");
    for (VideoStatus v : ready.getStatus().videos) {
      assertThat(v.phase).isEqualTo(VideoPhase.Ready);
      assertThat(v.caches).hasSize(2).doesNotContain("edge-cache-2");
      assertReachable(v.contentId, v.urls, false);
      assertThat(v.renditions).extracting(r -> r.profile).containsExactly("low-mp4", "low-hls");
      for (RenditionStatus r : v.renditions) {
        assertThat(r.phase).isEqualTo(VideoPhase.Ready);
        assertThat(r.caches).hasSize(2);
        assertReachable(r.contentId, r.urls, r.profile.endsWith("hls"));
      }
    }
    // Ready, yet the dead cache is named: it may come back with what it held.
    Condition degraded = condition(ready, Conditions.DEGRADED);
    assertThat(degraded.getReason()).isEqualTo("DaemonsUnreachable");
    assertThat(degraded.getMessage()).contains("edge-cache-2");

    // A leecher joins one video's swarm: the next round funds it on the caches holding it.
    VideoStatus first = ready.getStatus().videos.get(0);
    announceLeecher(first.contentId);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              CachePool p =
                  client.resources(CachePool.class).inNamespace(NS).withName("edge").get();
              assertThat(p.getStatus().lastAllocation).isNotNull();
              assertThat(p.getStatus().lastAllocation.swarms).isGreaterThanOrEqualTo(1);
              assertThat(p.getStatus().storedBytes).isPositive();
              assertThat(p.getStatus().uploadBytesPerSecond).isNotNull();
              assertThat(p.getStatus().lastAllocation.topSwarms)
                  .extracting(s -> s.contentId)
                  .contains(first.contentId);
              // The killed cache keeps its last shares, and the condition names it.
              Condition scheduling = Conditions.find(p.getStatus().conditions, "Scheduling");
              assertThat(scheduling.getStatus()).isEqualTo("False");
              assertThat(scheduling.getMessage()).contains("edge-cache-2");
            });
    for (String holder : first.caches) {
      int i = Integer.parseInt(holder.substring(holder.lastIndexOf('-') + 1));
      JsonNode shares = getJson(cacheAdminUrls.get(i) + "/v1/shares").get("shares");
      assertThat(shares.path(first.contentId).asLong()).as(holder).isGreaterThanOrEqualTo(16_384);
    }

    // An operator restart finds everything where it was and orders nothing again.
    String before = ordersSoFar();
    operator.stop();
    operator = startOperator();
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(15))
        .until(() -> ordersSoFar().equals(before));
    assertThat(condition(current("films"), Conditions.READY).getStatus()).isEqualTo("True");

    // A video leaves the catalog: its bytes and renditions go from every cache and the tracker.
    VideoStatus leaving = current("films").getStatus().videos.get(1);
    List<String> gone = new ArrayList<>(List.of(leaving.contentId));
    leaving.renditions.forEach(r -> gone.add(r.contentId));
    client
        .resources(VideoCatalog.class)
        .inNamespace(NS)
        .withName("films")
        .edit(
            c -> {
              c.getSpec().videos.removeIf(v -> v.id.equals(leaving.id));
              return c;
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 2; i++) {
                assertThat(getJson(cacheAdminUrls.get(i) + "/v1/holdings").get("contents"))
                    .extracting(h -> h.get("contentId").asText())
                    .doesNotContainAnyElementsOf(gone);
              }
              assertThat(getJson(trackerAdmin + "/v1/registrations"))
                  .extracting(r -> r.get("contentId").asText())
                  .doesNotContain(leaving.contentId)
                  .hasSize(2);
              VideoCatalog c = current("films");
              assertThat(c.getStatus().videos).extracting(v -> v.id).doesNotContain(leaving.id);
              assertThat(c.getStatus().ready).isEqualTo("2/2");
            });
    HttpResponse<Void> torrent =
        http.send(
            HttpRequest.newBuilder(URI.create(leaving.urls.torrent)).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(torrent.statusCode()).as("the tracker forgot it").isEqualTo(404);
    for (RenditionStatus r : leaving.renditions) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(URI.create(r.urls.torrent)).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 404);
    }
    // edge-cache-2 is still down and may hold some of it: the purge waits for it.
    assertThat(current("films").getStatus().pendingPurges).containsAll(gone);
    caches.put(2, startCache(2));
    caches.get(2).awaitReady(cacheUrls.get(2) + "/readyz", Duration.ofSeconds(60));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              VideoCatalog c = current("films");
              assertThat(c.getStatus().pendingPurges).isNull();
              assertThat(condition(c, Conditions.DEGRADED).getStatus()).isEqualTo("False");
              assertThat(getJson(cacheAdminUrls.get(2) + "/v1/holdings").get("contents"))
                  .extracting(h -> h.get("contentId").asText())
                  .doesNotContainAnyElementsOf(gone);
            });
  }

  /** What the operator and the daemons call is closed on the ports clients reach, token or not. */
  private void assertClientPortsRefuseTheAdminApi() throws Exception {
    for (String url : List.of(cacheUrls.get(0) + "/v1/holdings", tracker + "/v1/registrations")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(404);
      assertThat(r.body()).contains("the admin API has its own");
    }
  }

  /** A real BitTorrent announce of a peer that wants the whole content. */
  private void announceLeecher(String contentId) throws Exception {
    JsonNode summary = getJson(tracker + "/v1/contents/" + contentId);
    byte[] infoHash = HexFormat.of().parseHex(summary.get("infoHash").asText());
    String query =
        "info_hash="
            + URLEncoder.encode(
                new String(infoHash, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
            + "&peer_id="
            + URLEncoder.encode("-WW0001-controlplane", StandardCharsets.ISO_8859_1)
            + "&port=6881&uploaded=0&downloaded=0&left="
            + summary.get("sizeBytes").asLong()
            + "&event=started&compact=1";
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(tracker + "/announce?" + query)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    Map<String, Object> answer = Bencode.decodeDictionary(r.body());
    assertThat(answer).containsKey("interval").doesNotContainKey("failure reason");
  }

  /** Every URL of a content answers as its client expects, and the bytes are the content's. */
  private void assertReachable(String contentId, ClientUrls urls, boolean hls) throws Exception {
    HttpResponse<byte[]> torrent =
        http.send(
            HttpRequest.newBuilder(URI.create(urls.torrent)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(torrent.statusCode()).as(urls.torrent).isEqualTo(200);
    assertThat(Bencode.decodeDictionary(torrent.body()))
        .containsKeys("info", "announce", "url-list");
    HttpResponse<String> metalink =
        http.send(
            HttpRequest.newBuilder(URI.create(urls.metalink)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metalink.statusCode()).isEqualTo(200);
    assertThat(metalink.body()).contains("<hash type=\"sha-256\">" + contentId + "</hash>");
    HttpResponse<Void> redirect =
        http.send(
            HttpRequest.newBuilder(URI.create(urls.http)).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(redirect.statusCode()).isEqualTo(302);
    byte[] bytes =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(redirect.headers().firstValue("Location").orElseThrow()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .isEqualTo(contentId);
    if (hls) {
      HttpResponse<Void> toPlaylist =
          http.send(
              HttpRequest.newBuilder(URI.create(urls.hls)).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(toPlaylist.statusCode()).isEqualTo(302);
      HttpResponse<String> playlist =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(toPlaylist.headers().firstValue("Location").orElseThrow()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(playlist.statusCode())
          .as(
              () -> {
                String at = toPlaylist.headers().firstValue("Location").orElse("");
                try {
                  return at
                      + " "
                      + playlist.body()
                      + "\n"
                      + getJson(
                          locator.adminUrl(at.substring(0, at.indexOf("/c/"))) + "/v1/holdings");
                } catch (Exception e) {
                  return at + " " + e;
                }
              })
          .isEqualTo(200);
      assertThat(playlist.body()).startsWith("#EXTM3U").contains("#EXT-X-BYTERANGE:");
    } else {
      assertThat(urls.hls).isNull();
    }
  }

  @Test
  @Order(2)
  void anUnreachableSourceFailsItsVideoWithTheOriginsError() throws Exception {
    createPoolOnce();
    String dead = "http://127.0.0.1:" + DaemonProcess.freePort() + "/gone.mp4";
    VideoCatalog broken =
        catalog("broken", "edge", List.of(), List.of(new Video("gone", List.of(dead))));
    broken.getSpec().replicas = 1;
    client.resource(broken).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              VideoCatalog c = current("broken");
              assertThat(c.getStatus()).isNotNull();
              assertThat(c.getStatus().videos).isNotEmpty();
              VideoStatus v = c.getStatus().videos.get(0);
              assertThat(v.phase)
                  .as(String.valueOf(JSON.valueToTree(c.getStatus())))
                  .isEqualTo(VideoPhase.Failed);
              assertThat(v.reason).isEqualTo("DownloadFailed");
              assertThat(v.message).contains(dead).contains("Connection refused");
              Condition degraded = condition(c, Conditions.DEGRADED);
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getMessage()).contains("gone");
            });
  }

  /**
   * After the runs above: the chart's roles grant exactly what this operator used (ChartContract),
   * and its alerts and dashboard query metrics the operator and the daemons expose.
   */
  @Test
  @Order(3)
  void theChartGrantsWhatTheOperatorUsedAndQueriesMetricsThatExist() throws Exception {
    Set<String> used = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        String permission = ChartContract.permission(request.getMethod(), request.getPath());
        if (permission != null) {
          used.add(permission);
        }
      }
    }
    ChartContract.assertRolesMatch(used);

    List<String> scrapes = new ArrayList<>();
    scrapes.add(operatorMetrics.scrape());
    List<String> urls = new ArrayList<>(List.of(tracker));
    urls.add(cacheUrls.get(0));
    urls.addAll(transcoderUrls.values());
    for (String url : urls) {
      scrapes.add(
          http.send(
                  HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    }
    ChartContract.assertQueriedMetricsExist(scrapes);
  }
}
