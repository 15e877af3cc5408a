package dev.whirlwind.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under examples/ is accepted by the generated schema and its CEL rules. */
class ExamplesTest {
  static final Path EXAMPLES =
      Path.of(System.getProperty("whirlwind.root", "..")).resolve("examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsValidAgainstTheGeneratedSchema(Path file) throws Exception {
    Map<String, CrdSchema> schemas = CrdSchema.all();
    List<JsonNode> docs = CrdSchema.documents(file);
    assertThat(docs).isNotEmpty();
    for (JsonNode doc : docs) {
      assertThat(doc.path("apiVersion").asText()).isEqualTo("whirlwind.dev/v1alpha1");
      CrdSchema schema = schemas.get(doc.path("kind").asText());
      assertThat(schema).as("kind of %s", file).isNotNull();
      assertThat(doc.at("/metadata/name").asText()).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
      assertThat(schema.violations(doc.get("spec"), null))
          .as("%s %s", doc.path("kind").asText(), doc.at("/metadata/name").asText())
          .isEmpty();
    }
  }

  @Test
  void thereIsOneExamplePerKindAndAQuickstartWithAllThree() throws Exception {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains(
            "cachepool.yaml", "videocatalog.yaml", "transcodeprofile.yaml", "quickstart.yaml");
    assertThat(CrdSchema.documents(EXAMPLES.resolve("quickstart.yaml")))
        .extracting(d -> d.path("kind").asText())
        .containsOnly("CachePool", "VideoCatalog", "TranscodeProfile")
        .contains("CachePool", "VideoCatalog", "TranscodeProfile");
  }
}
