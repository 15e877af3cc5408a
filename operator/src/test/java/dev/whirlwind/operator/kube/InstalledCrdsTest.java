package dev.whirlwind.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up check that the cluster's CRDs are the ones this operator was built with. */
@EnableKubernetesMockClient(crud = true)
class InstalledCrdsTest {
  KubernetesClient client;

  @BeforeEach
  void empty() {
    client.apiextensions().v1().customResourceDefinitions().delete();
  }

  private void install(CustomResourceDefinition crd) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  private static CustomResourceDefinition annotated(String plural, String digest) {
    CustomResourceDefinition crd = GeneratedCrds.load(plural);
    crd.getMetadata().setAnnotations(Map.of(GeneratedCrds.DIGEST_ANNOTATION, digest));
    return crd;
  }

  @Test
  void missingCrdsAreNamedWithTheWayToInstallThem() {
    assertThat(InstalledCrds.problems(client))
        .hasSize(3)
        .allMatch(p -> p.contains("is not installed") && p.contains("helm upgrade"))
        .anyMatch(p -> p.contains("videocatalogs.whirlwind.dev"));
  }

  @Test
  void theChartsCrdsPassByTheirDigest() {
    for (String plural : GeneratedCrds.PLURALS) {
      install(annotated(plural, GeneratedCrds.sha256(plural)));
    }
    assertThat(InstalledCrds.problems(client)).isEmpty();
  }

  @Test
  void crdsAppliedWithoutTheChartPassWhenTheirSchemasAreThisBuilds() {
    GeneratedCrds.create(client);
    assertThat(InstalledCrds.problems(client)).isEmpty();
  }

  @Test
  void anOlderChartsCrdIsRefusedByItsDigest() {
    for (String plural : GeneratedCrds.PLURALS) {
      install(
          annotated(
              plural,
              plural.equals("cachepools") ? "0123456789abcdef" : GeneratedCrds.sha256(plural)));
    }
    assertThat(InstalledCrds.problems(client))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("cachepools.whirlwind.dev is another version (sha256 0123456789ab…)")
                    .contains(GeneratedCrds.sha256("cachepools").substring(0, 12)));
  }

  @Test
  void anUnannotatedCrdWithAnOlderSchemaIsRefused() {
    GeneratedCrds.create(client);
    CustomResourceDefinition older = GeneratedCrds.load("transcodeprofiles");
    older
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec")
        .getProperties()
        .remove("gpu");
    client.apiextensions().v1().customResourceDefinitions().resource(older).update();
    assertThat(InstalledCrds.problems(client))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("transcodeprofiles.whirlwind.dev has other versions or schemas"));
  }
}
