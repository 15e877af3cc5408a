package dev.whirlwind.operator.transcoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.crds.v1alpha1.Accelerator;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.MockCluster;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.WhirlwindOperator;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.locate.StaticLocator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TranscodeProfile reconciler against the mock API server (CRUD). The mock runs no Deployment
 * controller and no scheduler: the tests write the Deployment's status and the pods themselves.
 */
@EnableKubernetesMockClient(crud = true)
class TranscodeProfileReconcilerTest {
  static KubernetesClient client;
  private WhirlwindOperator operator;
  private String ns;

  @BeforeAll
  static void loadCrds() {
    GeneratedCrds.create(client);
  }

  @BeforeEach
  void start() {
    ns = MockCluster.namespace(client, "profiles");
    OperatorConfig d = OperatorConfig.defaults();
    operator =
        MockCluster.operator(
            client,
            d.with(d.catalogs(), d.scheduler(), new OperatorConfig.Transcoders(60), false),
            new StaticLocator(),
            new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    operator.stop();
  }

  private TranscodeProfile create(Accelerator accelerator, int width) {
    TranscodeProfile p = TranscoderObjectsTest.profile(accelerator);
    p.getMetadata().setNamespace(ns);
    p.getSpec().video.width = width;
    return client.resource(p).create();
  }

  private TranscodeProfile current() {
    return client.resources(TranscodeProfile.class).inNamespace(ns).withName("360p-h264").get();
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(ns).withName("360p-h264-transcoder").get();
  }

  private Condition condition(String type) {
    TranscodeProfile p = current();
    return p == null || p.getStatus() == null
        ? null
        : Conditions.find(p.getStatus().conditions, type);
  }

  @Test
  void aProfileOwnsItsTranscodersAndIsReadyWhenTheyAre() {
    create(Accelerator.CPU, 640);
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null);
    ConfigMap config =
        client.configMaps().inNamespace(ns).withName("360p-h264-transcoder-config").get();
    assertThat(config.getData().get("config.yaml"))
        .contains("name: 360p-h264")
        .contains("gpuSessions: 0");
    assertThat(deployment().getMetadata().getOwnerReferences())
        .extracting(r -> r.getName())
        .containsExactly("360p-h264");
    assertThat(client.services().inNamespace(ns).withName("360p-h264-transcoder-pods").get())
        .isNotNull();
    await().atMost(Duration.ofSeconds(30)).until(() -> condition(Conditions.READY) != null);
    assertThat(condition(Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(current().getStatus().parametersHash)
        .isEqualTo(RenditionProfiles.of(current()).parametersHash());
    assertThat(current().getStatus().mode).isEqualTo("cpu");
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("360p-h264-transcoder")
        .editStatus(
            dep -> {
              dep.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withReadyReplicas(1)
                      .withReplicas(1)
                      .build());
              return dep;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(condition(Conditions.READY).getStatus()).isEqualTo("True"));
  }

  @Test
  void anInvalidProfileIsRefusedWithTheReasonAndNothingIsCreated() {
    create(Accelerator.CPU, 641);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Condition ready = condition(Conditions.READY);
              assertThat(ready).isNotNull();
              assertThat(ready.getReason()).isEqualTo("InvalidProfile");
              assertThat(ready.getMessage()).contains("width must be even");
            });
    assertThat(deployment()).isNull();
    assertThat(condition(Conditions.DEGRADED).getStatus()).isEqualTo("True");
  }

  @Test
  void anAutoProfileWhoseGpuPodsCannotBePlacedFallsBackToCpuPods() {
    create(Accelerator.AUTO, 640);
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment() != null);
    var limits =
        deployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources()
            .getLimits();
    assertThat(limits).containsKey("nvidia.com/gpu");
    // A GPU pod no node could take ten minutes ago (the grace period is a minute).
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("360p-h264-transcoder-abc")
                .withNamespace(ns)
                .withLabels(
                    Labels.of(TranscoderNames.DAEMON, "360p-h264", TranscoderNames.COMPONENT))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("transcoder")
                .withImage("x")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
                .withLastTransitionTime(Instant.now().minusSeconds(600).toString())
                .endCondition()
                .endStatus()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var pod = deployment().getSpec().getTemplate().getSpec();
              assertThat(pod.getContainers().get(0).getResources().getLimits())
                  .doesNotContainKey("nvidia.com/gpu");
              assertThat(pod.getNodeSelector()).isNullOrEmpty();
              Condition degraded = condition(Conditions.DEGRADED);
              assertThat(degraded.getReason()).isEqualTo("GpuUnschedulable");
              assertThat(current().getStatus().mode).isEqualTo("cpu");
            });
    assertThat(current().getStatus().cpuFallbackGeneration)
        .isEqualTo(current().getMetadata().getGeneration());
    // An edit of the profile tries the GPU again.
    client.pods().inNamespace(ns).withName("360p-h264-transcoder-abc").delete();
    client
        .resources(TranscodeProfile.class)
        .inNamespace(ns)
        .withName("360p-h264")
        .edit(
            p -> {
              p.getSpec().replicas = 2;
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        deployment()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getLimits())
                    .containsKey("nvidia.com/gpu"));
  }
}
