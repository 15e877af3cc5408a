package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.cachepool.CacheDaemonConfigRenderer;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.kube.PodParts;
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
        PodParts.daemonContainer(
                "tracker",
                spec.image != null ? spec.image : images.tracker(),
                images.pullPolicy(),
                PodParts.resources(
                    spec.resources,
                    new ResourceRequirementsBuilder()
                        .withRequests(PodParts.quantities("cpu", "250m", "memory", "512Mi"))
                        .withLimits(PodParts.quantities("memory", "1Gi"))
                        .build()),
                PodParts.mount(TrackerNames.STATE_VOLUME, TrackerDaemonConfigRenderer.STATE_DIR))
            .withEnv(
                PodParts.podName(),
                // The pod's ordinal is its shard.
                PodParts.podIndex("WHIRLWIND_SHARD_INDEX"))
            .withPorts(
                PodParts.port("http", TrackerNames.HTTP_PORT, "TCP"),
                PodParts.port("udp", TrackerNames.HTTP_PORT, "UDP"),
                PodParts.port("ws", TrackerNames.WEBSOCKET_PORT, "TCP"),
                PodParts.port("admin", TrackerNames.ADMIN_PORT, "TCP"))
            .build();
    var pod =
        PodParts.podSpec(container, 30)
            .withAffinity(PodParts.spreadOverNodes(selector))
            .withVolumes(PodParts.standardVolumes(names.configMap()))
            .build();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(names.statefulSet())
        .withNamespace(names.namespace())
        .withLabels(labels)
        .endMetadata()
        .withSpec(
            PodParts.statefulSetSpec(spec.shards, names.headlessService(), selector)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(
                    Map.of(
                        CONFIG_CHECKSUM,
                        CacheDaemonConfigRenderer.sha256(
                            TrackerDaemonConfigRenderer.yaml(catalog, inputs.shardUrls()))))
                .endMetadata()
                .withSpec(pod)
                .endTemplate()
                .withVolumeClaimTemplates(
                    PodParts.claimTemplate(TrackerNames.STATE_VOLUME, selector, STATE_SIZE, null))
                .build())
        .build();
  }
}
