package dev.whirlwind.e2e.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The chart rendered by an embedded Helm 3 and parsed into Fabric8 objects. */
public final class ChartRendering {
  public static final Path ROOT =
      Path.of(System.getProperty("whirlwind.root", "..")).toAbsolutePath().normalize();
  public static final Path CHART = ROOT.resolve("charts/whirlwind");
  public static final String RELEASE = "ww";
  public static final String NAMESPACE = "whirlwind-system";
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ChartRendering() {}

  /** The manifests of {@code helm template} with alternating value names and values. */
  public static String manifests(Object... sets) {
    TemplateCommand command =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.30.0");
    for (int i = 0; i < sets.length; i += 2) {
      command = command.set((String) sets[i], sets[i + 1]);
    }
    return command.call();
  }

  /** Every rendered manifest as a Fabric8 object (typed where Fabric8 knows the kind). */
  public static List<HasMetadata> objects(Object... sets) {
    return parse(manifests(sets));
  }

  public static List<HasMetadata> parse(String yaml) {
    Object parsed =
        SERIALIZATION.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof List<?> items) {
      return items.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** A copy of the chart in {@code dir}/whirlwind, to change before rendering or installing. */
  public static Path copyOfTheChart(Path dir) throws IOException {
    Path copy = dir.resolve("whirlwind");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(CHART.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  public static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return all(objects, type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + "/" + name));
  }
}
