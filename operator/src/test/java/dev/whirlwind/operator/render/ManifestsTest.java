package dev.whirlwind.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  static final String POOL =
      """
      apiVersion: whirlwind.dev/v1alpha1
      kind: CachePool
      metadata:
        name: edge
      spec:
        replicas: 2
        storage:
          size: 1Gi
        bandwidthBytesPerSecond: 12500000
      """;

  static final String CATALOG =
      """
      ---
      apiVersion: whirlwind.dev/v1alpha1
      kind: VideoCatalog
      metadata:
        name: films
      spec:
        cachePool: edge
        videos:
          - id: a
            sources:
              - http://origin/a.mp4
      """;

  @Test
  void validManifestsParseWithTheSchemasDefaults() {
    Manifests m = Manifests.parse(POOL + CATALOG, "video");
    assertThat(m.pools()).hasSize(1);
    VideoCatalog c = m.catalogs().get(0);
    assertThat(c.getMetadata().getNamespace()).isEqualTo("video");
    assertThat(c.getSpec().trackers.shards).isEqualTo(1);
    assertThat(m.catalogsOf(m.pools().get(0))).containsExactly(c);
  }

  @Test
  void aSchemaViolationNamesTheDocumentTheLineAndTheField() {
    String bad =
        POOL + CATALOG.replace("  cachePool: edge\n", "  cachePool: edge\n  replicas: lots\n");
    int line = java.util.Arrays.asList(bad.split("\n")).indexOf("  replicas: lots") + 1;
    assertThat(line).isGreaterThan(10);
    assertThatThrownBy(() -> Manifests.parse(bad, "default"))
        .isInstanceOf(ManifestRenderer.RenderException.class)
        .hasMessageContaining("document 2 (VideoCatalog films) breaks the VideoCatalog schema")
        .hasMessageContaining("line " + line + " spec.replicas:");
  }

  @Test
  void unknownFieldsMissingFieldsAndCelRulesAreRefusedWithTheirLines() {
    assertThatThrownBy(() -> Manifests.parse(POOL.replace("  replicas: 2", "  replicaz: 2"), "d"))
        .hasMessageContaining("line 6 spec.replicaz:");
    // A missing required field: the line of the object that lacks it.
    assertThatThrownBy(
            () -> Manifests.parse(POOL.replace("  bandwidthBytesPerSecond: 12500000\n", ""), "d"))
        .hasMessageContaining("line 5 spec")
        .hasMessageContaining("bandwidthBytesPerSecond");
    // A CEL rule of the CRD, evaluated here as the API server would.
    String slow =
        CATALOG.replace(
            "  cachePool: edge\n",
            "  cachePool: edge\n  trackers:\n    announceIntervalSeconds: 600\n"
                + "  scheduling:\n    intervalSeconds: 60\n");
    assertThatThrownBy(() -> Manifests.parse(slow, "d"))
        .hasMessageContaining("must not exceed scheduling.intervalSeconds");
  }

  @Test
  void namesKindsAndDuplicatesAreChecked() {
    assertThatThrownBy(() -> Manifests.parse(POOL.replace("name: edge", "name: Edge_1"), "d"))
        .hasMessageContaining("document 1 (CachePool Edge_1) line 4: metadata.name must be");
    assertThatThrownBy(() -> Manifests.parse(POOL.replace("kind: CachePool", "kind: Pool"), "d"))
        .hasMessageContaining("document 1: unknown kind 'Pool'");
    assertThatThrownBy(() -> Manifests.parse(POOL + "---\n" + POOL, "d"))
        .hasMessageContaining("document 2: a second CachePool d/edge");
    assertThatThrownBy(() -> Manifests.parse("kind: CachePool\nmetadata: {name: x\n", "d"))
        .hasMessageContaining("cannot parse manifests")
        .hasMessageContaining("line 2");
  }
}
