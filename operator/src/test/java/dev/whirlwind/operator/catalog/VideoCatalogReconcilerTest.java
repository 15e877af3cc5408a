package dev.whirlwind.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.crds.v1alpha1.CachePoolStorage;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.operator.MockCluster;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.WhirlwindOperator;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.locate.StaticLocator;
import dev.whirlwind.operator.transcoder.TranscoderObjectsTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The VideoCatalog reconciler against the mock API server (CRUD), without daemons: the objects it
 * owns, what it tells the pool, and the conditions that name what is missing. The daemons' side is
 * tested with real processes in e2e (ControlPlaneTest).
 */
@EnableKubernetesMockClient(crud = true)
class VideoCatalogReconcilerTest {
  static KubernetesClient client;
  private WhirlwindOperator operator;
  private String ns;
  private final StaticLocator locator = new StaticLocator();

  @BeforeAll
  static void loadCrds() {
    GeneratedCrds.create(client);
  }

  /** A loopback port nothing listens on: a daemon that does not answer. */
  static String nobody() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws Exception {
    ns = MockCluster.namespace(client, "catalogs");
    for (int k = 0; k < 2; k++) {
      locator.trackerShard(ns, "films", k, "http://films-tracker-" + k + ":6969");
    }
    locator.trackerShard(ns, "orphan", 0, nobody()).trackerShard(ns, "orphan", 1, nobody());
    for (int i = 0; i < 2; i++) {
      locator.cacheNode(ns, "edge", i, nobody());
    }
    OperatorConfig d = OperatorConfig.defaults();
    operator =
        MockCluster.operator(
            client,
            d.with(
                new OperatorConfig.Catalogs(1, 5, 300, 200), d.scheduler(), d.transcoders(), false),
            locator,
            new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  private void pool() {
    CachePool p = new CachePool();
    p.getMetadata().setName("edge");
    p.getMetadata().setNamespace(ns);
    p.setSpec(new CachePoolSpec());
    p.getSpec().storage = new CachePoolStorage("10Gi", null);
    p.getSpec().bandwidthBytesPerSecond = 10_000_000L;
    client.resource(p).create();
  }

  private void catalog(String name, String pool, List<String> profiles) {
    VideoCatalog c = new VideoCatalog();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(ns);
    c.setSpec(new VideoCatalogSpec());
    c.getSpec().cachePool = pool;
    c.getSpec().trackers.shards = 2;
    c.getSpec().profiles = profiles;
    c.getSpec().videos = List.of(new Video("bbb", List.of("https://origin.example/bbb.mp4")));
    client.resource(c).create();
  }

  private VideoCatalog current(String name) {
    return client.resources(VideoCatalog.class).inNamespace(ns).withName(name).get();
  }

  private Condition condition(String name, String type) {
    VideoCatalog c = current(name);
    return c == null || c.getStatus() == null
        ? null
        : Conditions.find(c.getStatus().conditions, type);
  }

  @Test
  void aCatalogOwnsItsTrackersAndItsPoolsCachesRegisterWithThem() {
    pool();
    catalog("films", "edge", List.of());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.apps().statefulSets().inNamespace(ns).withName("films-tracker").get()
                    != null);
    StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("films-tracker").get();
    assertThat(sts.getSpec().getReplicas()).isEqualTo(2);
    assertThat(sts.getMetadata().getOwnerReferences())
        .extracting(r -> r.getName())
        .containsExactly("films");
    assertThat(client.services().inNamespace(ns).withName("films-tracker-shards").get())
        .isNotNull();
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("films-tracker-config")
                .get()
                .getData()
                .get("config.yaml"))
        .contains("http://films-tracker-1:6969");
    // The pool's nodes are told the catalog's shards.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .configMaps()
                            .inNamespace(ns)
                            .withName("edge-cache-config")
                            .get()
                            .getData()
                            .get("config.yaml"))
                    .contains("- - http://films-tracker-0:6969")
                    .contains("  - http://films-tracker-1:6969"));
    // No cache answers: the video waits, the catalog says which daemons it cannot reach.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              VideoCatalog c = current("films");
              assertThat(c.getStatus().ready).isEqualTo("0/1");
              assertThat(c.getStatus().videos.get(0).phase).isEqualTo(VideoPhase.Pending);
              assertThat(c.getStatus().videos.get(0).reason).isEqualTo("NoReadyCache");
              Condition degraded = condition("films", Conditions.DEGRADED);
              assertThat(degraded.getReason()).isEqualTo("DaemonsUnreachable");
              assertThat(degraded.getMessage()).contains("edge-cache-0");
              assertThat(condition("films", Conditions.READY).getStatus()).isEqualTo("False");
            });
  }

  @Test
  void aMissingPoolOrProfileIsNamedAndAProfileThatAppearsClearsIt() {
    catalog("orphan", "nowhere", List.of());
    pool();
    catalog("films", "edge", List.of("360p-h264"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Condition degraded = condition("orphan", Conditions.DEGRADED);
              assertThat(degraded).isNotNull();
              assertThat(degraded.getReason()).isEqualTo("PoolNotFound");
              assertThat(degraded.getMessage()).contains("nowhere");
              Condition films = condition("films", Conditions.DEGRADED);
              assertThat(films).isNotNull();
              assertThat(films.getReason()).isEqualTo("ProfileNotFound");
              assertThat(films.getMessage()).contains("360p-h264");
            });
    var profile = TranscoderObjectsTest.profile(dev.whirlwind.crds.v1alpha1.Accelerator.CPU);
    profile.getMetadata().setNamespace(ns);
    client.resource(profile).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition("films", Conditions.DEGRADED).getReason())
                    .isNotEqualTo("ProfileNotFound"));
  }
}
