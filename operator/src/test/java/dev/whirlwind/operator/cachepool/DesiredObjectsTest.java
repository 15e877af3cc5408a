package dev.whirlwind.operator.cachepool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.crds.v1alpha1.CachePoolStorage;
import dev.whirlwind.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure {@code desired()} functions. The operator updates an object when a field it sets differs
 * from the stored one, so every field the API server would default is set here, in the server's own
 * form; otherwise a real cluster would look drifted forever.
 */
class DesiredObjectsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static CachePool pool() {
    CachePool pool = new CachePool();
    pool.getMetadata().setName("edge");
    pool.getMetadata().setNamespace("video");
    CachePoolSpec spec = new CachePoolSpec();
    spec.storage = new CachePoolStorage("1.5Ti", null);
    spec.bandwidthBytesPerSecond = 125_000_000L;
    spec.resources =
        new ResourceRequirementsBuilder()
            .withRequests(Map.of("cpu", new Quantity("0.5"), "memory", new Quantity("2048Mi")))
            .build();
    pool.setSpec(spec);
    return pool;
  }

  private static JsonNode json(HasMetadata o) {
    return JSON.convertValue(o, JsonNode.class);
  }

  private static void assertSet(JsonNode node, List<String> pointers) {
    for (String p : pointers) {
      assertThat(node.at(p).isMissingNode()).as("field %s is set", p).isFalse();
    }
  }

  @Test
  void statefulSetSetsWhatTheServerDefaults() {
    JsonNode sts = json(CachePoolStatefulSet.desired(pool(), OperatorConfig.defaults().images()));
    String pod = "/spec/template/spec";
    String c = pod + "/containers/0";
    assertSet(
        sts,
        List.of(
            "/spec/podManagementPolicy",
            "/spec/revisionHistoryLimit",
            "/spec/updateStrategy/type",
            "/spec/updateStrategy/rollingUpdate/partition",
            "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted",
            "/spec/persistentVolumeClaimRetentionPolicy/whenScaled",
            "/spec/volumeClaimTemplates/0/apiVersion",
            "/spec/volumeClaimTemplates/0/kind",
            "/spec/volumeClaimTemplates/0/spec/volumeMode",
            "/spec/volumeClaimTemplates/0/status/phase",
            pod + "/restartPolicy",
            pod + "/dnsPolicy",
            pod + "/schedulerName",
            pod + "/terminationGracePeriodSeconds",
            pod + "/securityContext",
            pod + "/volumes/0/configMap/defaultMode",
            pod + "/volumes/1/secret/defaultMode",
            c + "/imagePullPolicy",
            c + "/terminationMessagePath",
            c + "/terminationMessagePolicy",
            c + "/ports/0/protocol",
            c + "/env/0/valueFrom/fieldRef/apiVersion",
            c + "/livenessProbe/timeoutSeconds",
            c + "/livenessProbe/periodSeconds",
            c + "/livenessProbe/successThreshold",
            c + "/livenessProbe/failureThreshold",
            c + "/livenessProbe/httpGet/scheme",
            c + "/readinessProbe/httpGet/scheme",
            c + "/startupProbe/httpGet/scheme"));
    // Quantities in the server's canonical form.
    assertThat(sts.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
        .isEqualTo("1536Gi");
    assertThat(sts.at(c + "/resources/requests/cpu").asText()).isEqualTo("500m");
    assertThat(sts.at(c + "/resources/requests/memory").asText()).isEqualTo("2Gi");
    // Service links would inject FOO_SERVICE_HOST variables, some of them WHIRLWIND_*, which the
    // daemon's strict configuration loader would reject.
    assertThat(sts.at(pod + "/enableServiceLinks").asBoolean(true)).isFalse();
  }

  @Test
  void servicesSetWhatTheServerDefaults() {
    for (HasMetadata svc :
        List.of(CachePoolHeadlessService.desired(pool()), CachePoolClientService.desired(pool()))) {
      assertSet(
          json(svc),
          List.of(
              "/spec/type",
              "/spec/sessionAffinity",
              "/spec/ipFamilyPolicy",
              "/spec/internalTrafficPolicy",
              "/spec/ports/0/protocol",
              "/spec/ports/0/targetPort"));
    }
  }

  @Test
  void everyObjectCarriesTheManagedByLabelItsInformerSelects() {
    CachePool pool = pool();
    for (HasMetadata o :
        List.of(
            CachePoolConfigMap.desired(pool),
            CachePoolHeadlessService.desired(pool),
            CachePoolClientService.desired(pool),
            CachePoolDisruptionBudget.desired(pool),
            CachePoolStatefulSet.desired(pool, OperatorConfig.defaults().images()))) {
      assertThat(o.getMetadata().getLabels())
          .as("%s", o.getKind())
          .containsEntry("app.kubernetes.io/managed-by", "whirlwind-operator");
      assertThat(o.getMetadata().getNamespace()).isEqualTo("video");
    }
  }

  @Test
  void podSelectorIsAStrictSubsetOfThePodLabelsAndStableAcrossSpecChanges() {
    CachePool a = pool();
    CachePool b = pool();
    b.getSpec().replicas = 9;
    b.getSpec().storage.size = "3Ti";
    var stsA = CachePoolStatefulSet.desired(a, OperatorConfig.defaults().images());
    var stsB = CachePoolStatefulSet.desired(b, OperatorConfig.defaults().images());
    assertThat(stsA.getSpec().getSelector()).isEqualTo(stsB.getSpec().getSelector());
    assertThat(stsA.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(stsA.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void configChecksumFollowsTheRenderedConfig() {
    CachePool a = pool();
    CachePool b = pool();
    b.getSpec().defaultShareBytesPerSecond = 65536L;
    assertThat(CacheDaemonConfigRenderer.checksum(a))
        .isEqualTo(CacheDaemonConfigRenderer.checksum(pool()));
    assertThat(CacheDaemonConfigRenderer.checksum(a))
        .isNotEqualTo(CacheDaemonConfigRenderer.checksum(b));
    assertThat(CacheDaemonConfigRenderer.render(b).defaultShareBytesPerSecond()).isEqualTo(65536L);
    assertThat(CacheDaemonConfigRenderer.render(a).capacityBytes()).isEqualTo(1536L << 30);
  }
}
