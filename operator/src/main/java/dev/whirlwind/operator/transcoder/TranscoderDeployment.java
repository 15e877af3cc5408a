package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.GpuSettings;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileSpec;
import dev.whirlwind.crds.v1alpha1.TranscoderConcurrency;
import dev.whirlwind.operator.cachepool.CacheDaemonConfigRenderer;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import dev.whirlwind.operator.kube.PodParts;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The transcoders of a profile, sized for how they run. GPU pods request the profile's GPUs and
 * carry its node selector, tolerations and runtime class; CPU pods request a core per encoder
 * thread of every job they run at once. An {@code auto} profile falling back to the CPU drops the
 * node selector and runtime class, which name GPU nodes: the pods must schedule anywhere.
 */
public class TranscoderDeployment
    extends OwnedDependent<Deployment, TranscodeProfile, ProfileInputs> {
  public static final String CONFIG_CHECKSUM = "whirlwind.dev/config-checksum";

  public TranscoderDeployment(
      BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs) {
    super(Deployment.class, inputs);
  }

  @Override
  public Deployment render(TranscodeProfile profile, ProfileInputs inputs) {
    TranscodeProfileSpec spec = profile.getSpec();
    TranscoderNames names = TranscoderNames.of(profile);
    boolean gpu = inputs.mode() == TranscoderMode.GPU;
    boolean fallback = !gpu && !"cpu".equals(inputs.rendition().accelerator());
    Map<String, String> labels =
        Labels.of(TranscoderNames.DAEMON, names.profile(), TranscoderNames.COMPONENT);
    Map<String, String> selector = Labels.selector(TranscoderNames.DAEMON, names.profile());
    var container =
        PodParts.daemonContainer(
                "transcoder",
                spec.image != null ? spec.image : inputs.images().transcoder(),
                inputs.images().pullPolicy(),
                resources(spec, gpu),
                PodParts.mount("state", TranscoderDaemonConfigRenderer.STATE_DIR))
            // Each pod claims renditions at the trackers under its own name.
            .withEnv(PodParts.podName(), PodParts.env("WHIRLWIND_NAME", "$(POD_NAME)"))
            .withPorts(PodParts.port("http", TranscoderNames.HTTP_PORT, "TCP"))
            .build();
    var pod =
        // A running job stops at its next frame and is re-queued by the next pod's start.
        PodParts.podSpec(container, 30)
            .withNodeSelector(
                fallback || spec.nodeSelector == null ? null : new TreeMap<>(spec.nodeSelector))
            .withTolerations(spec.tolerations)
            .withRuntimeClassName(gpu ? spec.runtimeClassName : null)
            .addNewVolume()
            .withName("state")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addAllToVolumes(PodParts.standardVolumes(names.configMap()))
            .build();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(names.deployment())
        .withNamespace(names.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas)
        .withRevisionHistoryLimit(10)
        .withProgressDeadlineSeconds(600)
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString("25%"))
        .withMaxUnavailable(new IntOrString("25%"))
        .endRollingUpdate()
        .endStrategy()
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
                    TranscoderDaemonConfigRenderer.yaml(profile, inputs))))
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The profile's resources, or a core per encoder thread of each concurrent job and a GiB of
   * memory per job; GPU pods add their GPUs as requests and limits (the server would copy the limit
   * into the request anyway).
   */
  static ResourceRequirements resources(TranscodeProfileSpec spec, boolean gpu) {
    TranscoderConcurrency c =
        spec.concurrency == null ? new TranscoderConcurrency() : spec.concurrency;
    ResourceRequirements base =
        PodParts.resources(
            spec.resources,
            new ResourceRequirementsBuilder()
                .withRequests(
                    PodParts.quantities(
                        "cpu", Integer.toString(c.jobs * c.threadsPerJob), "memory", c.jobs + "Gi"))
                .withLimits(PodParts.quantities("memory", (2 * c.jobs) + "Gi"))
                .build());
    if (!gpu) {
      return base;
    }
    GpuSettings g = spec.gpu == null ? new GpuSettings() : spec.gpu;
    Quantity count = new Quantity(Integer.toString(g.count));
    Map<String, Quantity> requests =
        new TreeMap<>(base.getRequests() == null ? Map.of() : base.getRequests());
    Map<String, Quantity> limits =
        new TreeMap<>(base.getLimits() == null ? Map.of() : base.getLimits());
    requests.put(g.resourceName, count);
    limits.put(g.resourceName, count);
    return new ResourceRequirementsBuilder()
        .withRequests(new LinkedHashMap<>(requests))
        .withLimits(new LinkedHashMap<>(limits))
        .build();
  }
}
