package dev.whirlwind.e2e.chart;

import static dev.whirlwind.e2e.chart.ChartRendering.CHART;
import static dev.whirlwind.e2e.chart.ChartRendering.NAMESPACE;
import static dev.whirlwind.e2e.chart.ChartRendering.all;
import static dev.whirlwind.e2e.chart.ChartRendering.named;
import static dev.whirlwind.e2e.chart.ChartRendering.objects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.protocol.config.ConfigKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart, through an embedded Helm 3 (offline): lint, rendering with default and other values.
 */
class HelmChartTest {
  /** Every optional part on and every list non-empty. */
  static final Object[] ALL_ON = {
    "operator.watchNamespaces[0]", "video",
    "operator.watchNamespaces[1]", "live",
    "operator.replicas", 2,
    "operator.imagePullSecrets[0].name", "registry",
    "operator.podAnnotations.team", "media",
    "metrics.serviceMonitor.enabled", true,
    "metrics.serviceMonitor.labels.release", "prometheus",
    "metrics.prometheusRule.enabled", true,
    "metrics.dashboards.enabled", true,
    "networkPolicy.metricsNamespaces[0]", "monitoring",
  };

  private static Deployment operator(List<HasMetadata> objects) {
    return named(objects, Deployment.class, "ww-operator");
  }

  private static List<EnvVar> env(List<HasMetadata> objects) {
    return operator(objects).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
  }

  private static String envValue(List<HasMetadata> objects, String name) {
    return env(objects).stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name))
        .getValue();
  }

  @Test
  void lintsCleanWithDefaultValuesAndWithEveryOptionOn(@TempDir Path dir) throws Exception {
    LintResult defaults = new Helm(CHART).lint().strict().call();
    assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();

    // Lint takes no values: a copy of the chart whose values.yaml has every option on.
    Path copy = ChartRendering.copyOfTheChart(dir);
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode values = (ObjectNode) yaml.readTree(copy.resolve("values.yaml").toFile());
    ((ObjectNode) values.at("/metrics/serviceMonitor")).put("enabled", true);
    ((ObjectNode) values.at("/metrics/prometheusRule")).put("enabled", true);
    ((ObjectNode) values.at("/metrics/dashboards")).put("enabled", true);
    ((ObjectNode) values.at("/operator")).putArray("watchNamespaces").add("video").add("live");
    ((ObjectNode) values.at("/operator")).put("replicas", 2);
    yaml.writeValue(copy.resolve("values.yaml").toFile(), values);
    LintResult allOn = new Helm(copy).lint().strict().call();
    assertThat(allOn.isFailed()).as(String.join("\n", allOn.getMessages())).isFalse();
  }

  @Test
  void defaultsInstallTheOperatorItsRbacPolicyAndTheCrds() {
    List<HasMetadata> objects = objects();
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ServiceAccount/ww-operator",
            "ClusterRole/ww-operator-crds",
            "ClusterRoleBinding/ww-operator-crds",
            "ClusterRole/ww-operator",
            "ClusterRoleBinding/ww-operator",
            "Role/ww-operator-leader-election",
            "RoleBinding/ww-operator-leader-election",
            "Deployment/ww-operator",
            "Service/ww-operator-metrics",
            "Service/ww-operator-console",
            "NetworkPolicy/ww-operator",
            "CustomResourceDefinition/cachepools.whirlwind.dev",
            "CustomResourceDefinition/videocatalogs.whirlwind.dev",
            "CustomResourceDefinition/transcodeprofiles.whirlwind.dev");
    var container = operator(objects).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/whirlwind-dev/operator:0.1.0");
    assertThat(container.getCommand()).as("the image's entrypoint runs the operator").isEmpty();
    assertThat(envValue(objects, "WHIRLWIND_IMAGES__CACHE"))
        .isEqualTo("ghcr.io/whirlwind-dev/cache-daemon:0.1.0");
    assertThat(envValue(objects, "WHIRLWIND_CRD_CHECK")).isEqualTo("true");
    assertThat(envValue(objects, "WHIRLWIND_LEADER_ELECTION__ENABLED")).isEqualTo("true");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    NetworkPolicy policy = named(objects, NetworkPolicy.class, "ww-operator");
    assertThat(policy.getSpec().getIngress())
        .flatExtracting(r -> r.getPorts())
        .extracting(p -> p.getPort().getStrVal())
        .containsExactly("health", "console");
  }

  @Test
  void everyManifestParsesIntoATypedObject() {
    List<HasMetadata> all = new ArrayList<>(objects());
    all.addAll(objects(ALL_ON));
    for (HasMetadata o : all) {
      if (o.getApiVersion().startsWith("monitoring.coreos.com/")) {
        // Prometheus Operator kinds: Fabric8 has no model for them here.
        assertThat(o).isInstanceOf(GenericKubernetesResource.class);
        assertThat(((GenericKubernetesResource) o).getAdditionalProperties()).containsKey("spec");
      } else {
        assertThat(o)
            .as(o.getKind() + "/" + o.getMetadata().getName())
            .isNotInstanceOf(GenericKubernetesResource.class);
      }
      assertThat(o.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "whirlwind");
    }
  }

  @Test
  void crdsAreTemplatesCarryingTheirDigestAndKeptOnUninstall() {
    List<CustomResourceDefinition> crds = all(objects(), CustomResourceDefinition.class);
    assertThat(crds).hasSize(3);
    for (String plural : GeneratedCrds.PLURALS) {
      CustomResourceDefinition crd =
          named(objects(), CustomResourceDefinition.class, GeneratedCrds.name(plural));
      assertThat(crd.getMetadata().getAnnotations())
          .containsEntry(GeneratedCrds.DIGEST_ANNOTATION, GeneratedCrds.sha256(plural))
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(crd.getSpec())
          .as("rendered through fromYaml/toYaml, the CRD is still the generated one")
          .isEqualTo(GeneratedCrds.load(plural).getSpec());
    }
    assertThat(new Helm(CHART).show().crds().call())
        .as("nothing in crds/, which Helm would install once and never upgrade")
        .isBlank();
    assertThat(all(objects("crds.enabled", false), CustomResourceDefinition.class)).isEmpty();
    assertThat(all(objects("crds.keep", false), CustomResourceDefinition.class))
        .allSatisfy(
            c ->
                assertThat(c.getMetadata().getAnnotations())
                    .doesNotContainKey("helm.sh/resource-policy"));
  }

  @Test
  void watchedNamespacesGetRolesThereInsteadOfAClusterRole() {
    List<HasMetadata> objects = objects(ALL_ON);
    assertThat(all(objects, ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("ww-operator-crds");
    assertThat(all(objects, Role.class))
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "video/ww-operator", "live/ww-operator", NAMESPACE + "/ww-operator-leader-election");
    assertThat(all(objects, RoleBinding.class))
        .allSatisfy(
            b ->
                assertThat(b.getSubjects())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(NAMESPACE)));
    Role video = named(objects, Role.class, "ww-operator");
    ClusterRole clusterWide = named(objects(), ClusterRole.class, "ww-operator");
    assertThat(video.getRules()).isEqualTo(clusterWide.getRules());
    assertThat(envValue(objects, "WHIRLWIND_NAMESPACES")).isEqualTo("video,live");
  }

  @Test
  void monitoringRendersServiceAndPodMonitorsAlertsAndTheDashboard() throws Exception {
    List<HasMetadata> objects = objects(ALL_ON);
    Map<String, GenericKubernetesResource> monitoring =
        all(objects, GenericKubernetesResource.class).stream()
            .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), o -> o));
    assertThat(monitoring)
        .containsOnlyKeys(
            "ServiceMonitor/ww-operator",
            "PodMonitor/ww-operator-daemons",
            "PrometheusRule/ww-operator");
    assertThat(monitoring.get("ServiceMonitor/ww-operator").getMetadata().getLabels())
        .containsEntry("release", "prometheus");
    JsonNode rule = new ObjectMapper().valueToTree(monitoring.get("PrometheusRule/ww-operator"));
    List<String> alerts = new ArrayList<>();
    rule.at("/spec/groups/0/rules").forEach(r -> alerts.add(r.get("alert").asText()));
    assertThat(alerts)
        .contains(
            "WhirlwindOperatorDown",
            "WhirlwindDaemonDown",
            "WhirlwindCatalogDegraded",
            "WhirlwindSchedulerFailing",
            "WhirlwindP2PShareCollapsing");
    rule.at("/spec/groups/0/rules")
        .forEach(
            r ->
                assertThat(r.at("/annotations/description").asText())
                    .as("Prometheus templates survive Helm's")
                    .doesNotContain("<no value>"));
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                named(objects, ConfigMap.class, "ww-operator-dashboard")
                    .getData()
                    .get("whirlwind.json"));
    assertThat(dashboard.get("uid").asText()).isEqualTo("whirlwind-overview");
    assertThat(objects()).noneMatch(GenericKubernetesResource.class::isInstance);
  }

  @Test
  void networkPoliciesReachTheOperatorWithTheRightsToCreateThem() {
    List<HasMetadata> on = objects(ALL_ON);
    assertThat(envValue(on, "WHIRLWIND_NETWORK_POLICIES__ENABLED")).isEqualTo("true");
    assertThat(envValue(on, "WHIRLWIND_NETWORK_POLICIES__OPERATOR_NAMESPACE")).isEqualTo(NAMESPACE);
    assertThat(envValue(on, "WHIRLWIND_NETWORK_POLICIES__METRICS_NAMESPACES"))
        .isEqualTo("monitoring");
    assertThat(
            named(on, NetworkPolicy.class, "ww-operator").getSpec().getIngress().get(0).getFrom())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.getNamespaceSelector().getMatchExpressions().get(0).getValues())
                    .containsExactly("monitoring"));
    assertThat(named(on, Role.class, "ww-operator").getRules())
        .anyMatch(r -> r.getResources().contains("networkpolicies"));

    List<HasMetadata> off = objects("networkPolicy.enabled", false);
    assertThat(all(off, NetworkPolicy.class)).isEmpty();
    assertThat(envValue(off, "WHIRLWIND_NETWORK_POLICIES__ENABLED")).isEqualTo("false");
    assertThat(named(off, ClusterRole.class, "ww-operator").getRules())
        .noneMatch(r -> r.getResources().contains("networkpolicies"));
  }

  /** values.schema.json: a typo or a wrong value fails the install instead of being ignored. */
  @Test
  void theValuesSchemaRefusesTyposWrongTypesAndMutableTags() {
    assertThatThrownBy(() -> objects("operator.replica", 2)).hasMessageContaining("replica");
    assertThatThrownBy(() -> objects("operator.replicas", "two")).hasMessageContaining("replicas");
    assertThatThrownBy(() -> objects("operator.image.tag", "latest")).hasMessageContaining("tag");
    assertThatThrownBy(() -> objects("daemonImages.tag", "latest")).hasMessageContaining("tag");
    assertThatThrownBy(() -> objects("operator.logLevel", "verbose"))
        .hasMessageContaining("logLevel");
    assertThatThrownBy(() -> objects("operator.watchNamespaces[0]", "Not_A_Namespace"))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> objects("metrics.serviceMonitor.interval", "often"))
        .hasMessageContaining("interval");
    assertThat(objects("operator.image.tag", "0.2.0")).isNotEmpty();
  }

  @Test
  void manyReplicasWithoutLeaderElectionAreRefused() {
    assertThatThrownBy(() -> objects("operator.replicas", 2, "operator.leaderElection", false))
        .hasMessageContaining("operator.replicas > 1 needs operator.leaderElection");
    assertThat(all(objects("operator.leaderElection", false), Role.class)).isEmpty();
  }

  /** A variable the operator's strict config loader does not know would stop it at start-up. */
  @Test
  void everyVariableTheChartSetsIsAnOperatorConfigKey() {
    Set<String> known =
        ConfigKeys.of(OperatorConfig.class).stream()
            .map(ConfigKeys.Key::envVar)
            .collect(Collectors.toSet());
    known.addAll(ConfigKeys.LOGGING_VARIABLES);
    for (Object[] values : List.of(new Object[0], ALL_ON)) {
      assertThat(env(objects(values)))
          .extracting(EnvVar::getName)
          .filteredOn(n -> n.startsWith(ConfigKeys.ENV_PREFIX))
          .isNotEmpty()
          .allSatisfy(n -> assertThat(known).contains(n));
    }
  }

  @Test
  void valuesReachTheOperator() {
    List<HasMetadata> objects =
        objects(
            "daemonImages.tag", "1.2.3", "operator.logLevel", "DEBUG", "operator.crdCheck", false);
    assertThat(envValue(objects, "WHIRLWIND_IMAGES__TRACKER")).endsWith(":1.2.3");
    assertThat(envValue(objects, "WHIRLWIND_LOG_LEVEL")).isEqualTo("DEBUG");
    assertThat(envValue(objects, "WHIRLWIND_CRD_CHECK")).isEqualTo("false");
  }
}
