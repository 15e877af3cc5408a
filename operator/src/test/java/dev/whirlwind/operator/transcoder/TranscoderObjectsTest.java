package dev.whirlwind.operator.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.crds.v1alpha1.Accelerator;
import dev.whirlwind.crds.v1alpha1.Container;
import dev.whirlwind.crds.v1alpha1.GpuSettings;
import dev.whirlwind.crds.v1alpha1.HlsSettings;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileSpec;
import dev.whirlwind.crds.v1alpha1.VideoCodec;
import dev.whirlwind.crds.v1alpha1.VideoSettings;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.protocol.config.ConfigLoader;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's objects: parameters, GPU and CPU pods, the fallback, and what is refused. */
public class TranscoderObjectsTest {
  public static TranscodeProfile profile(Accelerator accelerator) {
    TranscodeProfile p = new TranscodeProfile();
    p.getMetadata().setName("360p-h264");
    p.getMetadata().setNamespace("video");
    TranscodeProfileSpec spec = new TranscodeProfileSpec();
    spec.video = new VideoSettings();
    spec.video.codec = VideoCodec.HEVC;
    spec.video.width = 640;
    spec.video.height = 360;
    spec.video.bitrateBytesPerSecond = 100_000L;
    spec.container = Container.HLS;
    spec.hls = new HlsSettings();
    spec.hls.segmentSeconds = 4;
    spec.accelerator = accelerator;
    spec.gpu = new GpuSettings();
    spec.gpu.count = 2;
    spec.gpu.sessionsPerGpu = 3;
    spec.concurrency.jobs = 2;
    spec.concurrency.threadsPerJob = 4;
    spec.nodeSelector = Map.of("nvidia.com/gpu.present", "true");
    Toleration t = new Toleration();
    t.setKey("nvidia.com/gpu");
    t.setOperator("Exists");
    t.setEffect("NoSchedule");
    spec.tolerations = List.of(t);
    spec.runtimeClassName = "nvidia";
    p.setSpec(spec);
    return p;
  }

  private static Deployment deployment(TranscodeProfile p, TranscoderMode mode) {
    List<HasMetadata> objects =
        TranscoderObjects.render(
            p,
            new ProfileInputs(OperatorConfig.defaults().images(), RenditionProfiles.of(p), mode),
            OperatorConfig.defaults().networkPolicies());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("ConfigMap", "Service", "Service", "Deployment");
    return (Deployment) objects.get(3);
  }

  @Test
  void parametersMapOntoTheRenditionProfileOneToOne() {
    var r = RenditionProfiles.of(profile(Accelerator.AUTO));
    assertThat(r.name()).isEqualTo("360p-h264");
    assertThat(r.effective().videoCodec()).as("hevc is h265").isEqualTo("h265");
    assertThat(r.container()).isEqualTo("hls");
    assertThat(r.segmentSeconds()).isEqualTo(4);
    assertThat(r.accelerator()).isEqualTo("auto");
    TranscodeProfile broken = profile(Accelerator.AUTO);
    broken.getSpec().video.width = 641;
    assertThatThrownBy(() -> RenditionProfiles.of(broken))
        .hasMessageContaining("width must be even");
    TranscodeProfile none = profile(Accelerator.AUTO);
    none.getSpec().video = null;
    assertThatThrownBy(() -> RenditionProfiles.of(none)).hasMessageContaining("spec.video");
  }

  @Test
  void gpuPodsRequestTheirGpusAndCarryTheGpuPlacement() {
    Deployment d = deployment(profile(Accelerator.AUTO), TranscoderMode.GPU);
    var pod = d.getSpec().getTemplate().getSpec();
    var res = pod.getContainers().get(0).getResources();
    assertThat(res.getLimits().get("nvidia.com/gpu").toString()).isEqualTo("2");
    assertThat(res.getRequests().get("nvidia.com/gpu").toString()).isEqualTo("2");
    assertThat(res.getRequests().get("cpu").toString()).isEqualTo("8");
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
  }

  @Test
  void cpuFallbackPodsDropTheGpuPlacementAndRequestCores() {
    Deployment d = deployment(profile(Accelerator.AUTO), TranscoderMode.CPU);
    var pod = d.getSpec().getTemplate().getSpec();
    var res = pod.getContainers().get(0).getResources();
    assertThat(res.getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(res.getRequests().get("cpu").toString())
        .as("a core per encoder thread")
        .isEqualTo("8");
    assertThat(res.getRequests().get("memory").toString()).isEqualTo("2Gi");
    assertThat(pod.getNodeSelector()).isNull();
    assertThat(pod.getRuntimeClassName()).isNull();
    // A cpu profile keeps its node selector: it was chosen for CPU nodes.
    Deployment cpu = deployment(profile(Accelerator.CPU), TranscoderMode.CPU);
    assertThat(cpu.getSpec().getTemplate().getSpec().getNodeSelector()).isNotNull();
    // The config follows the mode: GPU sessions only on GPU pods.
    assertThat(
            d.getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(TranscoderDeployment.CONFIG_CHECKSUM))
        .isNotEqualTo(
            deployment(profile(Accelerator.AUTO), TranscoderMode.GPU)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(TranscoderDeployment.CONFIG_CHECKSUM));
  }

  @Test
  void theRenderedConfigLoadsInTheDaemonWithTheProfile(@TempDir Path dir) throws Exception {
    TranscodeProfile p = profile(Accelerator.AUTO);
    Path file =
        Files.writeString(
            dir.resolve("config.yaml"),
            TranscoderDaemonConfigRenderer.yaml(
                p,
                new ProfileInputs(
                    OperatorConfig.defaults().images(),
                    RenditionProfiles.of(p),
                    TranscoderMode.GPU)));
    TranscoderDaemonConfig c =
        ConfigLoader.load(
            TranscoderDaemonConfig.class, TranscoderDaemonConfig.defaults(), file, Map.of());
    assertThat(c.gpuSessions()).isEqualTo(6);
    assertThat(c.jobs()).isEqualTo(2);
    assertThat(c.threadsPerJob()).isEqualTo(4);
    assertThat(c.idlePretranscodeSeconds()).isZero();
    assertThat(c.profiles()).hasSize(1);
    assertThat(c.profiles().get(0).parametersHash())
        .isEqualTo(RenditionProfiles.of(p).parametersHash());
  }

  @Test
  void aPodUnschedulableLongerThanTheGraceIsDue() {
    var pod =
        new PodBuilder()
            .withNewStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
            .withLastTransitionTime("2026-12-01T12:00:00Z")
            .endCondition()
            .endStatus()
            .build();
    var f = GpuFallback.unschedulable(List.of(pod)).orElseThrow();
    assertThat(f.message()).contains("Insufficient nvidia.com/gpu");
    Instant t = Instant.parse("2026-12-01T12:00:00Z");
    assertThat(f.due(t.plusSeconds(299), Duration.ofSeconds(300))).isFalse();
    assertThat(f.due(t.plusSeconds(300), Duration.ofSeconds(300))).isTrue();
    assertThat(GpuFallback.unschedulable(List.of(new PodBuilder().build()))).isEmpty();
  }

  /**
   * With policies on, the pods' one port (the admin API) lets in the operator and scrapers only.
   */
  @Test
  void aNetworkPolicyComesFirstAndLetsInOnlyTheOperatorAndScrapers() {
    TranscodeProfile p = profile(Accelerator.CPU);
    List<HasMetadata> objects =
        TranscoderObjects.render(
            p,
            new ProfileInputs(
                OperatorConfig.defaults().images(), RenditionProfiles.of(p), TranscoderMode.CPU),
            new OperatorConfig.NetworkPolicies(true, "whirlwind-system", List.of("monitoring")));
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("NetworkPolicy", "ConfigMap", "Service", "Service", "Deployment");
    var policy = (NetworkPolicy) objects.get(0);
    Deployment deployment = (Deployment) objects.get(4);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    var rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getPorts())
        .singleElement()
        .satisfies(
            port -> assertThat(port.getPort().getIntVal()).isEqualTo(TranscoderNames.HTTP_PORT));
    assertThat(rule.getFrom()).hasSize(2);
    var operator = rule.getFrom().get(0);
    assertThat(operator.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "whirlwind-system"));
    assertThat(operator.getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("app.kubernetes.io/name", "whirlwind-operator"));
    assertThat(rule.getFrom().get(1).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
    assertThat(rule.getFrom().get(1).getPodSelector()).isNull();
  }
}
