package dev.whirlwind.e2e.chart;

import static dev.whirlwind.e2e.chart.ChartRendering.ROOT;
import static dev.whirlwind.e2e.chart.ChartRendering.named;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.locate.ClusterDnsLocator;
import dev.whirlwind.operator.render.ManifestRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The policies a cluster's admission control commonly enforces (Pod Security "restricted", no
 * mutable tags, resources set), over every pod the chart installs and every pod the operator
 * creates for the examples.
 */
class ChartPolicyTest {
  static final Pattern VERSIONED_IMAGE =
      Pattern.compile("^[a-z0-9.-]+(/[a-z0-9._-]+)+:\\d+\\.\\d+\\.\\d+([-.][0-9A-Za-z.]+)?$");

  private static List<HasMetadata> operatorRendered() throws Exception {
    ManifestRenderer renderer =
        new ManifestRenderer(OperatorConfig.defaults(), new ClusterDnsLocator(), "default");
    List<HasMetadata> out = new ArrayList<>();
    try (var examples = Files.list(ROOT.resolve("examples"))) {
      for (Path example : examples.sorted().toList()) {
        out.addAll(renderer.objects(Files.readString(example)));
      }
    }
    return out;
  }

  private static List<PodTemplateSpec> pods(List<HasMetadata> objects) {
    List<PodTemplateSpec> pods = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        pods.add(d.getSpec().getTemplate());
      } else if (o instanceof StatefulSet s) {
        pods.add(s.getSpec().getTemplate());
      }
    }
    return pods;
  }

  private static void restricted(SoftAssertions soft, String what, PodTemplateSpec pod) {
    var podSecurity = pod.getSpec().getSecurityContext();
    soft.assertThat(podSecurity.getRunAsNonRoot()).as(what + " runAsNonRoot").isTrue();
    soft.assertThat(podSecurity.getRunAsUser()).as(what + " runAsUser").isEqualTo(10001L);
    soft.assertThat(podSecurity.getSeccompProfile().getType())
        .as(what + " seccomp")
        .isEqualTo("RuntimeDefault");
    soft.assertThat(pod.getSpec().getHostNetwork()).as(what + " hostNetwork").isNotEqualTo(true);
    for (Container c : pod.getSpec().getContainers()) {
      String name = what + "/" + c.getName();
      var security = c.getSecurityContext();
      soft.assertThat(security.getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
      soft.assertThat(security.getAllowPrivilegeEscalation()).as(name + " escalation").isFalse();
      soft.assertThat(security.getPrivileged()).as(name + " privileged").isNotEqualTo(true);
      soft.assertThat(security.getCapabilities().getDrop())
          .as(name + " caps")
          .containsExactly("ALL");
      soft.assertThat(security.getCapabilities().getAdd()).as(name + " caps added").isNullOrEmpty();
      soft.assertThat(c.getResources().getRequests())
          .as(name + " requests")
          .containsKeys("cpu", "memory");
      soft.assertThat(c.getResources().getLimits()).as(name + " limits").containsKey("memory");
      soft.assertThat(c.getImage()).as(name + " image by version").matches(VERSIONED_IMAGE);
      soft.assertThat(c.getImage()).as(name + " no latest").doesNotEndWith(":latest");
      soft.assertThat(c.getLivenessProbe()).as(name + " liveness").isNotNull();
      soft.assertThat(c.getReadinessProbe()).as(name + " readiness").isNotNull();
    }
  }

  @Test
  void everyPodOfTheChartAndOfTheOperatorIsRestrictedVersionedAndBounded() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    List<PodTemplateSpec> chart = pods(ChartRendering.objects(HelmChartTest.ALL_ON));
    assertThat(chart).hasSize(1);
    restricted(soft, "chart operator", chart.get(0));
    List<HasMetadata> rendered = operatorRendered();
    List<PodTemplateSpec> daemons = pods(rendered);
    assertThat(daemons)
        .as("caches, trackers and transcoders of the examples")
        .hasSizeGreaterThan(3);
    for (PodTemplateSpec pod : daemons) {
      restricted(
          soft, "daemon " + pod.getMetadata().getLabels().get("app.kubernetes.io/name"), pod);
    }
    soft.assertAll();
  }

  /**
   * The PodMonitor selects every daemon pod the operator renders, and the labels it copies into
   * {@code daemon} and {@code owner} (which the dashboard and alerts group by) are on each of them.
   */
  @Test
  void thePodMonitorSelectsEveryDaemonPodAndFindsItsLabels() throws Exception {
    var monitor =
        ChartRendering.all(
                ChartRendering.objects(HelmChartTest.ALL_ON), GenericKubernetesResource.class)
            .stream()
            .filter(o -> o.getKind().equals("PodMonitor"))
            .findFirst()
            .orElseThrow();
    var json = new ObjectMapper().valueToTree(monitor);
    Map<String, String> selector = new TreeMap<>();
    json.at("/spec/selector/matchLabels")
        .fields()
        .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
    List<String> relabelled = new ArrayList<>();
    json.at("/spec/podMetricsEndpoints/0/relabelings")
        .forEach(
            r ->
                relabelled.add(
                    r.get("sourceLabels")
                        .get(0)
                        .asText()
                        .replace("__meta_kubernetes_pod_label_", "")));
    assertThat(json.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("http");
    List<PodTemplateSpec> daemons = pods(operatorRendered());
    assertThat(daemons).isNotEmpty();
    for (PodTemplateSpec pod : daemons) {
      var labels = pod.getMetadata().getLabels();
      assertThat(labels).containsAllEntriesOf(selector);
      for (String label : relabelled) {
        // Prometheus writes label names with every character outside [a-zA-Z0-9_] as _.
        assertThat(labels.keySet()).anyMatch(k -> k.replaceAll("[^a-zA-Z0-9_]", "_").equals(label));
      }
      assertThat(labels.get("app.kubernetes.io/name")).endsWith("-daemon");
      assertThat(pod.getSpec().getContainers().get(0).getPorts())
          .anyMatch(p -> "http".equals(p.getName()));
    }
  }

  /**
   * Every kind of object the operator owns, as its reconcilers render them for every example, may
   * be created, updated and watched: the role cannot lag behind the reconcilers. (That it grants no
   * more than the operator uses is checked against a real run, in ControlPlaneTest.)
   */
  @Test
  void theRoleCoversEveryObjectTheReconcilersOwn() throws Exception {
    ClusterRole role = named(ChartRendering.objects(), ClusterRole.class, "ww-operator");
    Set<String> owned = new TreeSet<>();
    for (HasMetadata o : operatorRendered()) {
      String group = o.getApiVersion().contains("/") ? o.getApiVersion().split("/")[0] : "";
      owned.add(group + "/" + HasMetadata.getPlural(o.getClass()));
    }
    assertThat(owned).contains("apps/statefulsets", "apps/deployments", "/configmaps", "/services");
    for (String kind : owned) {
      String group = kind.substring(0, kind.indexOf('/'));
      String plural = kind.substring(kind.indexOf('/') + 1);
      assertThat(role.getRules())
          .as(kind)
          .anyMatch(
              r ->
                  r.getApiGroups().contains(group)
                      && r.getResources().contains(plural)
                      && r.getVerbs().containsAll(List.of("list", "watch", "create", "update")));
    }
    assertThat(role.getRules())
        .noneMatch(r -> r.getResources().contains("*") || r.getVerbs().contains("*"));
  }
}
