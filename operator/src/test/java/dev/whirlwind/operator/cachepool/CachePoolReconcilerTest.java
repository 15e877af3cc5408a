package dev.whirlwind.operator.cachepool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.crds.v1alpha1.CachePoolStorage;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.operator.MockCluster;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.WhirlwindOperator;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CachePool reconciler in-process against the Fabric8 mock API server in CRUD mode, with the
 * generated CRDs loaded. The mock has no StatefulSet controller and no garbage collector, so the
 * tests set {@code readyReplicas} themselves and assert owner references instead of deletion.
 */
@EnableKubernetesMockClient(crud = true)
class CachePoolReconcilerTest {
  static KubernetesClient client;

  private WhirlwindOperator operator;
  private SimpleMeterRegistry registry;
  private String ns;

  @BeforeAll
  static void loadCrds() {
    GeneratedCrds.create(client);
  }

  @BeforeEach
  void start() {
    ns = MockCluster.namespace(client, "pools");
    operator = startOperator();
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  private WhirlwindOperator startOperator() {
    registry = new SimpleMeterRegistry();
    return MockCluster.operator(
        client,
        OperatorConfig.defaults(),
        new dev.whirlwind.operator.locate.ClusterDnsLocator(),
        registry);
  }

  private CachePool pool(String name, int replicas, String size) {
    CachePool pool = new CachePool();
    pool.getMetadata().setName(name);
    pool.getMetadata().setNamespace(ns);
    CachePoolSpec spec = new CachePoolSpec();
    spec.replicas = replicas;
    spec.storage = new CachePoolStorage(size, "fast-ssd");
    spec.bandwidthBytesPerSecond = 50_000_000L;
    pool.setSpec(spec);
    return client.resource(pool).create();
  }

  private CachePool current(String name) {
    return client.resources(CachePool.class).inNamespace(ns).withName(name).get();
  }

  private CachePool edit(String name, java.util.function.Consumer<CachePoolSpec> change) {
    return client
        .resources(CachePool.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            p -> {
              change.accept(p.getSpec());
              return p;
            });
  }

  private StatefulSet statefulSet(String pool) {
    return client.apps().statefulSets().inNamespace(ns).withName(pool + "-cache").get();
  }

  private Condition condition(String pool, String type) {
    CachePool p = current(pool);
    return p.getStatus() == null ? null : Conditions.find(p.getStatus().conditions, type);
  }

  private List<HasMetadata> owned(String pool) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(statefulSet(pool));
    objects.add(client.services().inNamespace(ns).withName(pool + "-cache").get());
    objects.add(client.services().inNamespace(ns).withName(pool + "-cache-nodes").get());
    objects.add(client.configMaps().inNamespace(ns).withName(pool + "-cache-config").get());
    objects.add(
        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(pool + "-cache").get());
    objects.add(client.secrets().inNamespace(ns).withName(AdminTokenSecret.NAME).get());
    return objects;
  }

  private void awaitSettled(String pool) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(owned(pool)).doesNotContainNull();
              CachePool p = current(pool);
              assertThat(p.getStatus()).isNotNull();
              assertThat(p.getStatus().observedGeneration)
                  .isEqualTo(p.getMetadata().getGeneration());
            });
  }

  private void setReady(String pool, int ready) {
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName(pool + "-cache")
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder()
                      .withReplicas(ready)
                      .withReadyReplicas(ready)
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .withCurrentRevision("r1")
                      .withUpdateRevision("r1")
                      .build());
              return s;
            });
  }

  private void createClaims(String pool, int count, String size) {
    for (int i = 0; i < count; i++) {
      client
          .persistentVolumeClaims()
          .inNamespace(ns)
          .resource(
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName("data-" + pool + "-cache-" + i)
                  .withNamespace(ns)
                  .endMetadata()
                  .withNewSpec()
                  .withAccessModes("ReadWriteOnce")
                  .withStorageClassName("fast-ssd")
                  .withNewResources()
                  .withRequests(Map.of("storage", new Quantity(size)))
                  .endResources()
                  .endSpec()
                  .build())
          .create();
    }
  }

  private String claimSize(String name) {
    return client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .withName(name)
        .get()
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage")
        .toString();
  }

  private static String templateStorage(StatefulSet sts) {
    return sts.getSpec()
        .getVolumeClaimTemplates()
        .get(0)
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage")
        .toString();
  }

  @Test
  void createsEveryOwnedObjectWithTheRightFields() {
    CachePool created = pool("edge", 3, "500Gi");
    awaitSettled("edge");

    StatefulSet sts = statefulSet("edge");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("edge-cache-nodes");
    assertThat(templateStorage(sts)).isEqualTo("500Gi");
    assertThat(sts.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
        .isEqualTo("fast-ssd");
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .isEmpty();
    assertThat(
            pod.getAffinity()
                .getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/tmp");
    assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(CachePoolStatefulSet.CONFIG_CHECKSUM);

    Service headless = client.services().inNamespace(ns).withName("edge-cache-nodes").get();
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    ConfigMap config = client.configMaps().inNamespace(ns).withName("edge-cache-config").get();
    assertThat(config.getData().get("config.yaml"))
        .contains("capacityBytes: " + (500L << 30))
        .contains("bandwidthBytesPerSecond: 50000000");
    PodDisruptionBudget pdb =
        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("edge-cache").get();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

    for (HasMetadata o : owned("edge")) {
      assertThat(o.getMetadata().getOwnerReferences())
          .as("owner references of %s %s", o.getKind(), o.getMetadata().getName())
          .anyMatch(
              r ->
                  r.getUid().equals(created.getMetadata().getUid())
                      && r.getKind().equals("CachePool"));
    }

    CachePool status = current("edge");
    assertThat(status.getStatus().capacityBytes).isEqualTo(3 * (500L << 30));
    assertThat(status.getStatus().ready).isEqualTo("0/3");
    assertThat(condition("edge", Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition("edge", Conditions.PROGRESSING).getStatus()).isEqualTo("True");
    assertThat(condition("edge", Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(condition("edge", Conditions.READY).getObservedGeneration())
        .isEqualTo(status.getMetadata().getGeneration());
    assertThat(condition("edge", Conditions.READY).getLastTransitionTime()).isNotBlank();
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(e -> "Created".equals(e.getReason()) && e.getMessage().contains("StatefulSet"));
  }

  @Test
  void readyReplicasSetByTheStatefulSetControllerMakeThePoolReady() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    setReady("edge", 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(current("edge").getStatus().ready).isEqualTo("2/2");
              assertThat(condition("edge", Conditions.READY).getStatus()).isEqualTo("True");
              assertThat(condition("edge", Conditions.PROGRESSING).getStatus()).isEqualTo("False");
            });
  }

  @Test
  void replicaChangeIsPropagated() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    edit("edge", s -> s.replicas = 5);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statefulSet("edge").getSpec().getReplicas()).isEqualTo(5));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(current("edge").getStatus().capacityBytes).isEqualTo(5 * (10L << 30)));
  }

  @Test
  void configChangeRewritesTheConfigMapAndRollsThePods() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    String before =
        statefulSet("edge")
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(CachePoolStatefulSet.CONFIG_CHECKSUM);
    edit("edge", s -> s.defaultShareBytesPerSecond = 65536L);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(ns)
                          .withName("edge-cache-config")
                          .get()
                          .getData()
                          .get("config.yaml"))
                  .contains("defaultShareBytesPerSecond: 65536");
              assertThat(
                      statefulSet("edge")
                          .getSpec()
                          .getTemplate()
                          .getMetadata()
                          .getAnnotations()
                          .get(CachePoolStatefulSet.CONFIG_CHECKSUM))
                  .isNotEqualTo(before);
            });
  }

  @Test
  void growingStoragePatchesTheClaimsAndRecreatesTheStatefulSet() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    createClaims("edge", 2, "10Gi");
    String oldUid = statefulSet("edge").getMetadata().getUid();

    edit("edge", s -> s.storage.size = "20Gi");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StatefulSet sts = statefulSet("edge");
              assertThat(sts).isNotNull();
              assertThat(templateStorage(sts)).isEqualTo("20Gi");
              assertThat(sts.getMetadata().getUid()).isNotEqualTo(oldUid);
              assertThat(claimSize("data-edge-cache-0")).isEqualTo("20Gi");
              assertThat(claimSize("data-edge-cache-1")).isEqualTo("20Gi");
              assertThat(current("edge").getStatus().capacityBytes).isEqualTo(2 * (20L << 30));
            });
    assertThat(condition("edge", Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(e -> "StorageGrown".equals(e.getReason()));
  }

  @Test
  void shrinkingStorageIsRefusedAndNothingChanges() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    createClaims("edge", 2, "10Gi");
    StatefulSet before = statefulSet("edge");

    // The same edit also asks for more replicas: a refused spec applies nothing of itself.
    edit(
        "edge",
        s -> {
          s.storage.size = "5Gi";
          s.replicas = 4;
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Condition degraded = condition("edge", Conditions.DEGRADED);
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("StorageShrinkRefused");
              assertThat(degraded.getMessage()).contains("cannot shrink");
              assertThat(degraded.getObservedGeneration())
                  .isEqualTo(current("edge").getMetadata().getGeneration());
            });
    StatefulSet after = statefulSet("edge");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getSpec().getReplicas()).isEqualTo(2);
    assertThat(templateStorage(after)).isEqualTo("10Gi");
    assertThat(claimSize("data-edge-cache-0")).isEqualTo("10Gi");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .anyMatch(
            e -> "StorageShrinkRefused".equals(e.getReason()) && "Warning".equals(e.getType()));

    // Restoring the size recovers the pool.
    edit("edge", s -> s.storage.size = "10Gi");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(condition("edge", Conditions.DEGRADED).getStatus()).isEqualTo("False");
              assertThat(statefulSet("edge").getSpec().getReplicas()).isEqualTo(4);
            });
  }

  @Test
  void storageClassChangeIsRefused() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    edit("edge", s -> s.storage.storageClassName = "slow-hdd");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition("edge", Conditions.DEGRADED).getReason())
                    .isEqualTo("StorageClassImmutable"));
    assertThat(
            statefulSet("edge")
                .getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getStorageClassName())
        .isEqualTo("fast-ssd");
  }

  @Test
  void deletedOwnedObjectsAreRecreated() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    client.services().inNamespace(ns).withName("edge-cache-nodes").delete();
    client.configMaps().inNamespace(ns).withName("edge-cache-config").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(client.services().inNamespace(ns).withName("edge-cache-nodes").get())
                  .isNotNull();
              assertThat(client.configMaps().inNamespace(ns).withName("edge-cache-config").get())
                  .isNotNull();
            });
  }

  @Test
  void driftInAnOwnedObjectIsRepaired() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .withName("edge-cache")
        .edit(
            s -> {
              s.getSpec().setReplicas(7);
              return s;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statefulSet("edge").getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void theAdminTokenIsSharedByEveryPoolAndNeverRotated() {
    pool("edge", 1, "10Gi");
    awaitSettled("edge");
    Secret first = client.secrets().inNamespace(ns).withName(AdminTokenSecret.NAME).get();
    String token =
        first.getData() != null && first.getData().containsKey(AdminTokenSecret.KEY)
            ? first.getData().get(AdminTokenSecret.KEY)
            : first.getStringData().get(AdminTokenSecret.KEY);
    assertThat(token).isNotBlank();

    CachePool second = pool("core", 1, "10Gi");
    awaitSettled("core");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Secret s = client.secrets().inNamespace(ns).withName(AdminTokenSecret.NAME).get();
              assertThat(s.getMetadata().getOwnerReferences())
                  .extracting(r -> r.getName())
                  .containsExactlyInAnyOrder("edge", "core");
              assertThat(
                      s.getMetadata().getOwnerReferences().stream()
                          .filter(r -> Boolean.TRUE.equals(r.getController())))
                  .hasSizeLessThanOrEqualTo(1);
            });
    Secret after = client.secrets().inNamespace(ns).withName(AdminTokenSecret.NAME).get();
    assertThat(after.getData()).isEqualTo(first.getData());
    assertThat(after.getStringData()).isEqualTo(first.getStringData());
    assertThat(second.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void anOperatorRestartWritesNothing() {
    pool("edge", 2, "10Gi");
    awaitSettled("edge");
    setReady("edge", 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(condition("edge", Conditions.READY).getStatus()).isEqualTo("True"));
    // Let the reconcile triggered by the status change finish before taking the snapshot.
    await().atMost(Duration.ofSeconds(30)).until(() -> successfulReconciles() >= 2);

    Map<String, String> versions = resourceVersions("edge");
    operator.stop();
    operator = startOperator();
    await().atMost(Duration.ofSeconds(30)).until(() -> successfulReconciles() >= 1);

    assertThat(resourceVersions("edge")).isEqualTo(versions);
  }

  private Map<String, String> resourceVersions(String pool) {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("CachePool", current(pool).getMetadata().getResourceVersion());
    for (HasMetadata o : owned(pool)) {
      versions.put(
          o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private double successfulReconciles() {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().contains("reconciliations.success"))
        .filter(m -> m instanceof Counter)
        .mapToDouble(m -> ((Counter) m).count())
        .sum();
  }
}
