package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart, through an embedded Helm 3: it lints clean and installs the CRDs and operator. */
class HelmChartTest {
  static final Path CHART =
      Path.of(System.getProperty("whirlwind.root", ".."))
          .resolve("charts/whirlwind")
          .toAbsolutePath();

  private static List<HasMetadata> template(String... sets) {
    var command =
        new Helm(CHART)
            .template()
            .withName("ww")
            .withNamespace("whirlwind-system")
            .withKubeVersion("1.30.0");
    for (int i = 0; i < sets.length; i += 2) {
      command = command.set(sets[i], sets[i + 1]);
    }
    Object parsed =
        new KubernetesSerialization()
            .unmarshal(new ByteArrayInputStream(command.call().getBytes(StandardCharsets.UTF_8)));
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof List<?> items) {
      return items.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  private static <T> T first(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Test
  void chartLintsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void templateInstallsTheOperatorWithItsRbacAndTheGeneratedCrds() {
    List<HasMetadata> objects = template();
    assertThat(objects)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "ServiceAccount/ww-operator",
            "ClusterRole/ww-operator",
            "ClusterRoleBinding/ww-operator",
            "Deployment/ww-operator");
    Deployment operator = first(objects, Deployment.class);
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/whirlwind-dev/operator:0.1.0");
    assertThat(container.getEnv())
        .anyMatch(
            e ->
                e.getName().equals("WHIRLWIND_IMAGES__CACHE")
                    && e.getValue().equals("ghcr.io/whirlwind-dev/cache-daemon:0.1.0"));
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

    ClusterRole role = first(objects, ClusterRole.class);
    assertThat(role.getRules())
        .noneMatch(r -> r.getResources().contains("*") || r.getVerbs().contains("*"));
    assertThat(role.getRules())
        .anyMatch(r -> r.getResources().contains("secrets") && !r.getVerbs().contains("delete"));
  }

  /**
   * Every kind of object the operator owns, as its reconcilers render them for every example, may
   * be created, updated and watched: the role cannot lag behind the reconcilers.
   */
  @Test
  void theRoleCoversEveryObjectTheReconcilersOwn() throws Exception {
    ClusterRole role = first(template(), ClusterRole.class);
    var renderer =
        new dev.whirlwind.operator.render.ManifestRenderer(
            dev.whirlwind.operator.OperatorConfig.defaults(),
            new dev.whirlwind.operator.locate.ClusterDnsLocator(),
            "default");
    java.util.Set<String> owned = new java.util.TreeSet<>();
    try (var examples =
        java.nio.file.Files.list(CHART.getParent().getParent().resolve("examples"))) {
      for (Path example : examples.toList()) {
        for (HasMetadata o : renderer.objects(java.nio.file.Files.readString(example))) {
          String group = o.getApiVersion().contains("/") ? o.getApiVersion().split("/")[0] : "";
          owned.add(group + "/" + HasMetadata.getPlural(o.getClass()));
        }
      }
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
                      && r.getVerbs()
                          .containsAll(List.of("get", "list", "watch", "create", "update")));
    }
    assertThat(role.getRules())
        .anyMatch(r -> r.getResources().contains("pods") && r.getVerbs().contains("watch"));
  }

  @Test
  void chartShipsTheGeneratedCrds() {
    // Helm installs crds/ before the templates; `helm template` leaves them out.
    String crds = new Helm(CHART).show().crds().call();
    assertThat(crds)
        .contains("name: \"cachepools.whirlwind.dev\"")
        .contains("name: \"videocatalogs.whirlwind.dev\"")
        .contains("name: \"transcodeprofiles.whirlwind.dev\"");
  }

  @Test
  void valuesReachTheOperator() {
    List<HasMetadata> objects =
        template("daemonImages.tag", "1.2.3", "operator.watchNamespaces[0]", "video");
    Deployment operator = first(objects, Deployment.class);
    var env = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .anyMatch(e -> e.getName().equals("WHIRLWIND_NAMESPACES") && e.getValue().equals("video"));
    assertThat(env)
        .anyMatch(
            e ->
                e.getName().equals("WHIRLWIND_IMAGES__TRACKER") && e.getValue().endsWith(":1.2.3"));
  }
}
