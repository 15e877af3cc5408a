package dev.whirlwind.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the chart promises about a running operator, checked against a real run: its RBAC grants
 * exactly what the operator used (plus named paths the run did not take), and its alerts and
 * dashboard query metrics the operator and daemons really expose.
 */
public final class ChartContract {
  static final String LEADER_ELECTION = "leader election, on in the chart (OperatorProcessTest)";
  static final String STORAGE_GROWTH =
      "growing a pool's storage: claims patched, StatefulSet re-created (CachePoolReconcilerTest)";
  static final String SPEC_CHANGE = "a resource's spec change rewrites what it owns";

  private ChartContract() {}

  /**
   * Grants a run may leave unused, each with the code path that needs it. A grant neither used nor
   * listed here is one too many; a use the chart does not grant fails in a cluster.
   */
  static final Map<String, String> UNUSED_BY_DESIGN =
      Map.ofEntries(
          Map.entry("coordination.k8s.io/leases:get", LEADER_ELECTION),
          Map.entry("coordination.k8s.io/leases:create", LEADER_ELECTION),
          Map.entry("coordination.k8s.io/leases:update", LEADER_ELECTION),
          Map.entry("apps/statefulsets:delete", STORAGE_GROWTH),
          Map.entry("/persistentvolumeclaims:list", STORAGE_GROWTH),
          Map.entry("/persistentvolumeclaims:get", STORAGE_GROWTH),
          Map.entry("/persistentvolumeclaims:patch", STORAGE_GROWTH),
          Map.entry(
              "/secrets:create",
              "a namespace's admin-token Secret, when missing (the run made it)"),
          Map.entry("apps/deployments:update", SPEC_CHANGE),
          Map.entry("/services:update", SPEC_CHANGE),
          Map.entry("policy/poddisruptionbudgets:update", SPEC_CHANGE),
          Map.entry("/configmaps:update", SPEC_CHANGE),
          Map.entry("apps/statefulsets:update", SPEC_CHANGE),
          Map.entry("networking.k8s.io/networkpolicies:update", SPEC_CHANGE));

  /**
   * {@code group/resource[/subresource]:verb} of one API request, or null for non-resource URLs.
   */
  static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([a-z0-9.-]+)(?:/([^/?]+)(?:/([a-z]+))?)?/?(?:\\?(.*))?$");

  public static String permission(String method, String path) {
    if (path.matches("^/api(s)?/v1/namespaces/[^/?]+/?(\\?.*)?$")) {
      return "/namespaces:" + verb(method, true, path);
    }
    Matcher m = RESOURCE_PATH.matcher(path);
    if (!m.matches()) {
      return null;
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
    return group + "/" + resource + ":" + verb(method, m.group(3) != null, path);
  }

  private static String verb(String method, boolean named, String path) {
    return switch (method) {
      case "GET" -> named ? "get" : path.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
  }

  /** Every {@code group/resource:verb} the chart's roles give the operator. */
  static Set<String> granted(List<HasMetadata> objects) {
    List<PolicyRule> rules = new ArrayList<>();
    ChartRendering.all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    ChartRendering.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    Set<String> out = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return out;
  }

  /** The chart's default roles against the permissions a real run used. */
  public static void assertRolesMatch(Set<String> used) {
    Set<String> granted = granted(ChartRendering.objects());
    assertThat(used).as("the run reached the API server").isNotEmpty();
    assertThat(granted).as("every request the operator made is granted").containsAll(used);
    Set<String> unused = new TreeSet<>(granted);
    unused.removeAll(used);
    assertThat(UNUSED_BY_DESIGN.keySet())
        .as("grants the run left unused are each explained")
        .containsAll(unused);
    assertThat(granted).as("no stale explanation").containsAll(UNUSED_BY_DESIGN.keySet());
    System.out.println("RBAC used by the run: " + used);
  }

  static final Pattern METRIC =
      Pattern.compile("\\b(whirlwind_[a-z0-9_]+|operator_sdk_[a-z0-9_]+)\\b");

  /** The metric names the chart's alerts and dashboard query. */
  static Set<String> queried() throws IOException {
    Set<String> names = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (HasMetadata o : ChartRendering.objects(HelmChartTest.ALL_ON)) {
      if (o instanceof GenericKubernetesResource r && r.getKind().equals("PrometheusRule")) {
        for (JsonNode rule : json.valueToTree(r).at("/spec/groups/0/rules")) {
          names.addAll(metrics(rule.get("expr").asText()));
        }
      }
    }
    JsonNode dashboard =
        json.readTree(
            Files.readString(ChartRendering.CHART.resolve("files/dashboards/whirlwind.json")));
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.addAll(metrics(target.get("expr").asText()));
      }
    }
    return names;
  }

  private static Set<String> metrics(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Every metric the alerts and dashboard query is among those {@code scrapes} expose. */
  public static void assertQueriedMetricsExist(List<String> scrapes) throws IOException {
    Set<String> exposed = new TreeSet<>();
    for (String scrape : scrapes) {
      scrape
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0])
          .forEach(exposed::add);
    }
    Set<String> queried = queried();
    assertThat(queried).as("alerts and panels query metrics").hasSizeGreaterThan(20);
    assertThat(exposed).as("metrics the chart queries").containsAll(queried);
  }
}
