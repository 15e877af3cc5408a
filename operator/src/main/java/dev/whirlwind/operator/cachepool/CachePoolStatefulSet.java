package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.kube.Quantities;
import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The cache daemons: one pod and one volume claim per node. */
public class CachePoolStatefulSet extends OwnedDependent<StatefulSet, CachePool> {
  public static final String CONFIG_CHECKSUM = "whirlwind.dev/config-checksum";
  static final int RUN_AS = 10001;

  private final OperatorConfig.Images images;
  private final EventRecorder events;

  public CachePoolStatefulSet(OperatorConfig.Images images, EventRecorder events) {
    super(StatefulSet.class);
    this.images = images;
    this.events = events;
  }

  @Override
  protected StatefulSet desired(CachePool pool, Context<CachePool> context) {
    return desired(pool, images);
  }

  /**
   * Grows storage when the claim template asks for more: claim templates are immutable, so the
   * existing claims are patched first and the StatefulSet is then re-created with orphan deletion,
   * which leaves the pods and their volumes running. The reconciler refuses shrinks and class
   * changes before this is reached.
   */
  @Override
  public StatefulSet update(
      StatefulSet actual, StatefulSet desired, CachePool pool, Context<CachePool> context) {
    StorageChange change = StorageChange.between(actual, pool);
    if (change.kind() != StorageChange.Kind.GROW) {
      return super.update(actual, desired, pool, context);
    }
    CachePoolNames names = CachePoolNames.of(pool);
    var claims = context.getClient().persistentVolumeClaims().inNamespace(names.namespace());
    String size = Quantities.canonical(pool.getSpec().storage.size);
    for (PersistentVolumeClaim claim : claims.list().getItems()) {
      if (names.isClaim(claim.getMetadata().getName())) {
        claims
            .withName(claim.getMetadata().getName())
            .edit(
                c -> {
                  c.getSpec().getResources().getRequests().put("storage", new Quantity(size));
                  return c;
                });
      }
    }
    context
        .getClient()
        .apps()
        .statefulSets()
        .inNamespace(names.namespace())
        .withName(names.statefulSet())
        .withPropagationPolicy(DeletionPropagation.ORPHAN)
        .delete();
    // Against a real API server the orphaning delete finishes asynchronously; until it has, the
    // create conflicts and the reconcile is retried.
    StatefulSet created = create(desired, pool, context);
    events.record(
        pool,
        EventRecorder.Type.Normal,
        "StorageGrown",
        "volume claims grown from "
            + change.currentBytes()
            + " to "
            + change.requestedBytes()
            + " bytes; StatefulSet "
            + names.statefulSet()
            + " re-created with orphaned pods");
    return created;
  }

  public static StatefulSet desired(CachePool pool, OperatorConfig.Images images) {
    CachePoolSpec spec = pool.getSpec();
    CachePoolNames names = CachePoolNames.of(pool);
    Map<String, String> labels =
        Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT);
    Map<String, String> selector = Labels.selector(CachePoolNames.DAEMON, names.pool());
    String image = spec.image != null ? spec.image : images.cache();
    String publicUrl =
        "http://$(POD_NAME)."
            + names.headlessService()
            + "."
            + names.namespace()
            + ".svc:"
            + CachePoolNames.HTTP_PORT;

    var container =
        new ContainerBuilder()
            .withName("cache")
            .withImage(image)
            .withImagePullPolicy(images.pullPolicy())
            .withCommand(
                "java",
                "-XX:MaxRAMPercentage=75",
                "-Dio.netty.native.workdir=/tmp",
                "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp",
                "-jar",
                "/opt/whirlwind/cache-daemon.jar",
                "--config",
                CacheDaemonConfigRenderer.CONFIG_DIR + "/" + CacheDaemonConfigRenderer.FILE_NAME)
            .withEnv(
                new EnvVarBuilder()
                    .withName("POD_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withApiVersion("v1")
                    .withFieldPath("metadata.name")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder()
                    .withName("WHIRLWIND_PUBLIC_BASE_URL")
                    .withValue(publicUrl)
                    .build())
            .addNewPort()
            .withName("http")
            .withContainerPort(CachePoolNames.HTTP_PORT)
            .withProtocol("TCP")
            .endPort()
            .withResources(resources(spec.resources))
            .withStartupProbe(probe("/healthz", 30))
            .withLivenessProbe(probe("/healthz", 3))
            .withReadinessProbe(probe("/readyz", 3))
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName(CachePoolNames.DATA_VOLUME)
                    .withMountPath(CacheDaemonConfigRenderer.DATA_DIR)
                    .build(),
                new VolumeMountBuilder()
                    .withName("config")
                    .withMountPath(CacheDaemonConfigRenderer.CONFIG_DIR)
                    .withReadOnly(true)
                    .build(),
                new VolumeMountBuilder()
                    .withName("admin-token")
                    .withMountPath(CacheDaemonConfigRenderer.TOKEN_DIR)
                    .withReadOnly(true)
                    .build(),
                // Netty and JavaCPP unpack their natives here: the root file system is read-only.
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .withTerminationMessagePath("/dev/termination-log")
            .withTerminationMessagePolicy("File")
            .build();

    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.statefulSet())
        .withNamespace(names.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas)
        .withServiceName(names.headlessService())
        // Cache nodes are independent of each other: start and stop them all at once.
        .withPodManagementPolicy("Parallel")
        .withRevisionHistoryLimit(10)
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(0)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Retain")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(CONFIG_CHECKSUM, CacheDaemonConfigRenderer.checksum(pool)))
        .endMetadata()
        .withNewSpec()
        .withContainers(container)
        .withEnableServiceLinks(false)
        .withRestartPolicy("Always")
        .withDnsPolicy("ClusterFirst")
        .withSchedulerName("default-scheduler")
        .withTerminationGracePeriodSeconds((long) spec.drainGracePeriodSeconds + 10)
        .withNodeSelector(spec.nodeSelector == null ? null : new TreeMap<>(spec.nodeSelector))
        .withTolerations(spec.tolerations)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser((long) RUN_AS)
        .withRunAsGroup((long) RUN_AS)
        .withFsGroup((long) RUN_AS)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withNewAffinity()
        .withNewPodAntiAffinity()
        // Preferred, not required: a single-node cluster must still run every replica.
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPodAffinityTerm()
        .withTopologyKey("kubernetes.io/hostname")
        .withNewLabelSelector()
        .withMatchLabels(selector)
        .endLabelSelector()
        .endPodAffinityTerm()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .endAffinity()
        .withVolumes(
            new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName(names.configMap())
                .withDefaultMode(0644)
                .endConfigMap()
                .build(),
            new VolumeBuilder()
                .withName("admin-token")
                .withNewSecret()
                .withSecretName(AdminTokenSecret.NAME)
                .withDefaultMode(0400)
                .endSecret()
                .build(),
            new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(claimTemplate(spec, selector))
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim claimTemplate(
      CachePoolSpec spec, Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(CachePoolNames.DATA_VOLUME)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(spec.storage.storageClassName)
        .withVolumeMode("Filesystem")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(Quantities.canonical(spec.storage.size))))
        .endResources()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withHttpGet(
            new HTTPGetActionBuilder()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .withScheme("HTTP")
                .build())
        .withPeriodSeconds(10)
        .withTimeoutSeconds(2)
        .withSuccessThreshold(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** The pool's resources in canonical form, or defaults sized for a JVM serving files. */
  static ResourceRequirements resources(ResourceRequirements requested) {
    if (requested == null) {
      return new ResourceRequirementsBuilder()
          .withRequests(ordered("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")))
          .withLimits(ordered("memory", new Quantity("2Gi")))
          .build();
    }
    return new ResourceRequirementsBuilder()
        .withRequests(canonical(requested.getRequests()))
        .withLimits(canonical(requested.getLimits()))
        .build();
  }

  private static Map<String, Quantity> ordered(Object... keysAndValues) {
    Map<String, Quantity> out = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], (Quantity) keysAndValues[i + 1]);
    }
    return out;
  }

  private static Map<String, Quantity> canonical(Map<String, Quantity> quantities) {
    if (quantities == null || quantities.isEmpty()) {
      return null;
    }
    Map<String, Quantity> out = new LinkedHashMap<>();
    new TreeMap<>(quantities)
        .forEach((k, v) -> out.put(k, new Quantity(Quantities.canonical(v.toString()))));
    return out;
  }
}
