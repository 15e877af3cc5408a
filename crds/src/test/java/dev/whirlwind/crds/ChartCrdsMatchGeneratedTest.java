package dev.whirlwind.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the CRDs from its own copy. A developer's build refreshes that copy; CI does
 * not, so a stale copy committed to the repository fails here.
 */
class ChartCrdsMatchGeneratedTest {
  static final Path CHART_CRDS =
      Path.of(System.getProperty("whirlwind.root", "..")).resolve("charts/whirlwind/files/crds");

  @Test
  void chartCopyIsByteForByteWhatTheBuildGenerates() throws Exception {
    List<String> names =
        List.of(
            "cachepools.whirlwind.dev-v1.yml",
            "videocatalogs.whirlwind.dev-v1.yml",
            "transcodeprofiles.whirlwind.dev-v1.yml");
    for (String name : names) {
      Path generated = CrdSchema.GENERATED.resolve(name);
      Path chart = CHART_CRDS.resolve(name);
      assertThat(chart).as("chart copy of %s", name).exists();
      assertThat(Files.readString(chart))
          .as(
              "%s differs from the generated CRD: run ./mvnw -pl crds process-classes and commit",
              name)
          .isEqualTo(Files.readString(generated));
    }
    try (var files = Files.list(CHART_CRDS)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no CRD in the chart that the build does not generate")
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void crdsCarryShortNamesStatusAndPrinterColumns() throws Exception {
    String pool = Files.readString(CrdSchema.GENERATED.resolve("cachepools.whirlwind.dev-v1.yml"));
    assertThat(pool).contains("- \"cpool\"", "status: {}");
    for (String column : List.of("READY", "CAPACITY", "UPLOAD", "MULTIPLIER", "AGE")) {
      assertThat(pool).contains("name: \"" + column + "\"");
    }
    assertThat(Files.readString(CrdSchema.GENERATED.resolve("videocatalogs.whirlwind.dev-v1.yml")))
        .contains("- \"vcat\"", "status: {}");
    assertThat(
            Files.readString(CrdSchema.GENERATED.resolve("transcodeprofiles.whirlwind.dev-v1.yml")))
        .contains("- \"tprof\"", "status: {}");
  }
}
