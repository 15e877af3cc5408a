package dev.whirlwind.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.operator.OperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ManifestRendererTest {
  static final Path ROOT = Path.of(System.getProperty("whirlwind.root", ".."));
  static final Path GOLDEN = Path.of("src/test/resources/golden/quickstart.yaml");

  private final ManifestRenderer renderer =
      new ManifestRenderer(
          OperatorConfig.defaults(),
          new dev.whirlwind.operator.locate.ClusterDnsLocator(),
          "default");

  /**
   * The quickstart's rendering is pinned. After an intended change, regenerate the golden file with
   * {@code ./mvnw -pl operator test -Dtest=ManifestRendererTest -Dwhirlwind.updateGolden=true} and
   * review its diff.
   */
  @Test
  void quickstartRendersExactlyAsTheGoldenFile() throws Exception {
    String rendered = renderer.render(Files.readString(ROOT.resolve("examples/quickstart.yaml")));
    if (Boolean.getBoolean("whirlwind.updateGolden")) {
      Files.writeString(GOLDEN, rendered);
    }
    assertThat(rendered).isEqualTo(Files.readString(GOLDEN));
    // Every kind owns objects: the pool's caches, the catalog's trackers, the profile's
    // transcoders.
    assertThat(rendered)
        .contains(
            "# Source: VideoCatalog/quickstart\napiVersion: \"apps/v1\"\nkind: \"StatefulSet\"")
        .contains("name: \"quickstart-tracker-shards\"")
        .contains(
            "# Source: TranscodeProfile/360p-h264\napiVersion: \"apps/v1\"\nkind: \"Deployment\"")
        // The pool's nodes register with the catalog's shard, on its admin port.
        .contains("- - http://quickstart-tracker-0.quickstart-tracker-shards.default.svc:6970");
  }

  @Test
  void anInvalidProfileIsRefusedWithItsNameAndTheField() {
    assertThatThrownBy(
            () ->
                renderer.render(
                    "apiVersion: whirlwind.dev/v1alpha1\nkind: TranscodeProfile\n"
                        + "metadata: {name: odd}\n"
                        + "spec: {video: {codec: h264, width: 641, height: 360,"
                        + " bitrateBytesPerSecond: 100000}, accelerator: cpu}\n"))
        .hasMessageContaining("TranscodeProfile odd")
        .hasMessageContaining("spec.video: width and height must be even");
  }

  @Test
  void renderingIsDeterministic() throws Exception {
    String manifests = Files.readString(ROOT.resolve("examples/cachepool.yaml"));
    assertThat(renderer.render(manifests)).isEqualTo(renderer.render(manifests));
  }

  @Test
  void documentsKeepTheirNamespaceAndOthersGetTheDefault() throws Exception {
    String rendered = renderer.render(Files.readString(ROOT.resolve("examples/cachepool.yaml")));
    assertThat(rendered).contains("namespace: \"video\"").doesNotContain("namespace: \"default\"");
    assertThat(rendered).contains("storageClassName: \"local-ssd\"").contains("storage: \"500Gi\"");
    // The example asks for cpu "1" and memory 2Gi: canonical quantities as the server stores them.
    assertThat(rendered).contains("cpu: \"1\"").contains("memory: \"2Gi\"");
  }

  @Test
  void foreignOrBrokenDocumentsAreNamed() {
    assertThatThrownBy(
            () -> renderer.render("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
        .hasMessageContaining("document 1")
        .hasMessageContaining("whirlwind.dev/v1alpha1");
    assertThatThrownBy(
            () ->
                renderer.render(
                    "apiVersion: whirlwind.dev/v1alpha1\nkind: CachePool\nmetadata: {name: a}\n"
                        + "spec: {storage: {size: 1Gi}, bandwidthBytesPerSecond: 1000000}\n---\n"
                        + "apiVersion: whirlwind.dev/v1alpha1\nkind: Pool\nmetadata: {name: b}\n"))
        .hasMessageContaining("document 2")
        .hasMessageContaining("unknown kind 'Pool'");
    assertThatThrownBy(
            () -> renderer.render("apiVersion: whirlwind.dev/v1alpha1\nkind: CachePool\n"))
        .hasMessageContaining("no metadata.name");
  }
}
