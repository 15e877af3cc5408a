package dev.whirlwind.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/INSTALL.md's values table is generated from values.yaml. After changing values.yaml,
 * regenerate it with {@code ./mvnw -pl e2e test -Dtest=ValuesReferenceTest
 * -Dwhirlwind.updateDocs=true} and review the diff.
 */
class ValuesReferenceTest {
  static final Path VALUES = ChartRendering.CHART.resolve("values.yaml");
  static final Path INSTALL = ChartRendering.ROOT.resolve("docs/INSTALL.md");
  static final String BEGIN =
      "<!-- values:begin (generated from charts/whirlwind/values.yaml) -->\n";
  static final String END = "<!-- values:end -->";

  @Test
  void everyValueIsDocumented() throws Exception {
    String values = Files.readString(VALUES);
    List<String> documented =
        ValuesReference.rows(values).stream().map(ValuesReference.Row::key).toList();
    assertThat(documented).contains("crds.enabled", "operator.resources", "networkPolicy.enabled");
    for (String leaf : ValuesReference.leaves(values)) {
      assertThat(documented)
          .as("%s, or a key above it, has a # -- comment", leaf)
          .anyMatch(key -> leaf.equals(key) || leaf.startsWith(key + "."));
    }
  }

  @Test
  void installGuideCarriesTheGeneratedTable() throws Exception {
    String table = ValuesReference.markdown(ValuesReference.rows(Files.readString(VALUES)));
    String doc = Files.readString(INSTALL);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("INSTALL.md has the values markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String generated = doc.substring(0, begin + BEGIN.length()) + table + doc.substring(end);
    if (Boolean.getBoolean("whirlwind.updateDocs")) {
      Files.writeString(INSTALL, generated);
      doc = generated;
    }
    assertThat(doc)
        .as("docs/INSTALL.md's values table is stale: regenerate it (see this test's comment)")
        .isEqualTo(generated);
  }
}
