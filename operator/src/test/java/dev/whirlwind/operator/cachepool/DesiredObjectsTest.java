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
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure render functions of a pool's objects. The operator updates an object when a field it
 * sets differs from the stored one, so every field the API server would default is set here, in the
 * server's own form; otherwise a real cluster would look drifted forever.
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

  static final PoolInputs INPUTS = new PoolInputs(OperatorConfig.defaults().images(), List.of());

  /** The pool's object of a kind and name, as the reconciler's dependents render it. */
  static HasMetadata object(CachePool pool, String kind, String name) {
    return CachePoolObjects.render(pool, INPUTS, OperatorConfig.defaults().networkPolicies())
        .stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet(CachePool pool) {
    return (io.fabric8.kubernetes.api.model.apps.StatefulSet)
        object(pool, "StatefulSet", pool.getMetadata().getName() + "-cache");
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
    JsonNode sts = json(statefulSet(pool()));
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
  void aPublicUrlTemplateReachesEachPodAsItsClientBaseUrl() {
    CachePool pool = pool();
    var env = statefulSet(pool).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env).noneMatch(e -> e.getName().equals("WHIRLWIND_CLIENT_BASE_URL"));
    pool.getSpec().publicUrlTemplate = "https://{pod}.video.example.com";
    env = statefulSet(pool).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .anyMatch(
            e ->
                e.getName().equals("WHIRLWIND_CLIENT_BASE_URL")
                    && "https://$(POD_NAME).video.example.com".equals(e.getValue()));
  }

  @Test
  void servicesSetWhatTheServerDefaults() {
    for (HasMetadata svc :
        List.of(
            object(pool(), "Service", "edge-cache-nodes"),
            object(pool(), "Service", "edge-cache"))) {
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
    List<HasMetadata> objects =
        CachePoolObjects.render(pool, INPUTS, OperatorConfig.defaults().networkPolicies());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("ConfigMap", "Service", "Service", "PodDisruptionBudget", "StatefulSet");
    for (HasMetadata o : objects) {
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
    var stsA = statefulSet(a);
    var stsB = statefulSet(b);
    assertThat(stsA.getSpec().getSelector()).isEqualTo(stsB.getSpec().getSelector());
    assertThat(stsA.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(stsA.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void configChecksumFollowsTheRenderedConfig() {
    CachePool a = pool();
    CachePool b = pool();
    b.getSpec().defaultShareBytesPerSecond = 65536L;
    List<List<String>> none = List.of();
    assertThat(CacheDaemonConfigRenderer.checksum(a, none))
        .isEqualTo(CacheDaemonConfigRenderer.checksum(pool(), none));
    assertThat(CacheDaemonConfigRenderer.checksum(a, none))
        .isNotEqualTo(CacheDaemonConfigRenderer.checksum(b, none));
    assertThat(CacheDaemonConfigRenderer.render(b, none).defaultShareBytesPerSecond())
        .isEqualTo(65536L);
    assertThat(CacheDaemonConfigRenderer.render(a, none).capacityBytes()).isEqualTo(1536L << 30);
    // A catalog naming the pool: its shards join the nodes' trackers, and the pods roll.
    List<List<String>> films =
        List.of(List.of("http://films-tracker-0.films-tracker-shards.video.svc:6969"));
    assertThat(CacheDaemonConfigRenderer.render(a, films).trackers()).isEqualTo(films);
    assertThat(CacheDaemonConfigRenderer.checksum(a, films))
        .isNotEqualTo(CacheDaemonConfigRenderer.checksum(a, none));
  }

  @Test
  void aNetworkPolicyOpensContentsToAllAndTheAdminPortToWhirlwindOnly() {
    CachePool pool = pool();
    List<HasMetadata> objects =
        CachePoolObjects.render(
            pool,
            INPUTS,
            new OperatorConfig.NetworkPolicies(true, "whirlwind-system", List.of("monitoring")));
    assertThat(objects.get(0)).isInstanceOf(NetworkPolicy.class);
    NetworkPolicy policy = (NetworkPolicy) objects.get(0);
    StatefulSet sts =
        (StatefulSet) objects.stream().filter(StatefulSet.class::isInstance).findFirst().get();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(sts.getSpec().getSelector().getMatchLabels());
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("http=" + CachePoolNames.HTTP_PORT, "admin=" + CachePoolNames.ADMIN_PORT);
    assertThat(CacheDaemonConfigRenderer.render(pool, List.of()).adminPort())
        .isEqualTo(CachePoolNames.ADMIN_PORT);

    var open = policy.getSpec().getIngress().get(0);
    assertThat(open.getFrom()).isNullOrEmpty();
    assertThat(open.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(CachePoolNames.HTTP_PORT);
    var admin = policy.getSpec().getIngress().get(1);
    assertThat(admin.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(CachePoolNames.ADMIN_PORT);
    assertThat(admin.getFrom()).hasSize(3);
    assertThat(admin.getFrom().get(0).getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("app.kubernetes.io/name", "whirlwind-operator"));
    assertThat(admin.getFrom().get(1).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
    // No namespace selector: this namespace's pods that the operator manages.
    assertThat(admin.getFrom().get(2).getNamespaceSelector()).isNull();
    assertThat(admin.getFrom().get(2).getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("app.kubernetes.io/managed-by", "whirlwind-operator"));
    assertThat(policy.getSpec().getIngress()).hasSize(2);
  }
}
