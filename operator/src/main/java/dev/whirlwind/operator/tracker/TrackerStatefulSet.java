package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.cachepool.CacheDaemonConfigRenderer;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.kube.PodParts;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tracker shards: one pod per shard with a stable name and ordinal (its shard index), and a
 * small volume for the state that must survive a restart (the rendition journal, the UDP
 * connection-id secret). The shard count is fixed within v1alpha1.
 */
public class TrackerStatefulSet extends OwnedDependent<StatefulSet, VideoCatalog, CatalogInputs> {
  public static final String CONFIG_CHECKSUM = "whirlwind.dev/config-checksum";
  static final String STATE_SIZE = "1Gi";

  public TrackerStatefulSet(BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs) {
    super(StatefulSet.class, inputs);
  }

  @Override
  public StatefulSet render(VideoCatalog catalog, CatalogInputs inputs) {
    OperatorConfig.Images images = inputs.images();
    var spec = catalog.getSpec().trackers;
    TrackerNames names = TrackerNames.of(catalog);
    Map<String, String> labels =
        Labels.of(TrackerNames.DAEMON, names.catalog(), TrackerNames.COMPONENT);
    Map<String, String> selector = Labels.selector(TrackerNames.DAEMON, names.catalog());
    var container =
        new ContainerBuilder()
            .withName("tracker")
            .withImage(spec.image != null ? spec.image : images.tracker())
            .withImagePullPolicy(images.pullPolicy())
            .withCommand(PodParts.command("tracker-daemon"))
            .withEnv(
                PodParts.podName(),
                // The pod's ordinal is its shard (Kubernetes 1.28+ labels every StatefulSet pod).
                new EnvVarBuilder()
                    .withName("WHIRLWIND_SHARD_INDEX")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withApiVersion("v1")
                    .withFieldPath("metadata.labels['apps.kubernetes.io/pod-index']")
                    .endFieldRef()
                    .endValueFrom()
                    .build())
            .withPorts(
                PodParts.port("http", TrackerNames.HTTP_PORT, "TCP"),
                PodParts.port("udp", TrackerNames.HTTP_PORT, "UDP"))
            .withResources(
                PodParts.resources(
                    spec.resources,
                    new ResourceRequirementsBuilder()
                        .withRequests(PodParts.quantities("cpu", "250m", "memory", "512Mi"))
                        .withLimits(PodParts.quantities("memory", "1Gi"))
                        .build()))
            .withStartupProbe(PodParts.probe("/healthz", 30))
            .withLivenessProbe(PodParts.probe("/healthz", 3))
            .withReadinessProbe(PodParts.probe("/readyz", 3))
            .addNewVolumeMount()
            .withName(TrackerNames.STATE_VOLUME)
            .withMountPath(TrackerDaemonConfigRenderer.STATE_DIR)
            .endVolumeMount()
            .addAllToVolumeMounts(PodParts.standardMounts())
            .withSecurityContext(PodParts.containerSecurity())
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
        .withReplicas(catalog.getSpec().trackers.shards)
        .withServiceName(names.headlessService())
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
        .withAnnotations(
            Map.of(
                CONFIG_CHECKSUM,
                CacheDaemonConfigRenderer.sha256(
                    TrackerDaemonConfigRenderer.yaml(catalog, inputs.shardUrls()))))
        .endMetadata()
        .withNewSpec()
        .withContainers(container)
        .withEnableServiceLinks(false)
        .withRestartPolicy("Always")
        .withDnsPolicy("ClusterFirst")
        .withSchedulerName("default-scheduler")
        .withTerminationGracePeriodSeconds(30L)
        .withSecurityContext(PodParts.podSecurity())
        .withNewAffinity()
        .withNewPodAntiAffinity()
        // Preferred, not required: a single-node cluster must still run every shard.
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
        .withVolumes(PodParts.standardVolumes(names.configMap()))
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(stateClaim(selector))
        .endSpec()
        .build();
  }

  private static PersistentVolumeClaim stateClaim(Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(TrackerNames.STATE_VOLUME)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withVolumeMode("Filesystem")
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(STATE_SIZE)))
        .endResources()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }
}
