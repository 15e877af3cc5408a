package dev.whirlwind.operator.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.protocol.config.ConfigYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A rendered daemon config moved to loopback: the renderer's YAML with some top-level keys replaced
 * (address, port, directories, token file), the way a pod overrides its ConfigMap from the
 * environment. Only placement changes; what the renderer decided stays. A key the config does not
 * have is an error, so that a renamed key cannot be overridden silently into nothing.
 */
public final class ConfigOverrides {
  private static final ObjectMapper YAML = new YAMLMapper();

  private ConfigOverrides() {}

  public static String apply(Object config, Map<String, ?> overrides) {
    try {
      ObjectNode tree = (ObjectNode) YAML.readTree(ConfigYaml.write(config));
      overrides.forEach(
          (k, v) -> {
            if (!tree.has(k)) {
              throw new IllegalArgumentException("the rendered config has no key " + k);
            }
            tree.set(k, YAML.valueToTree(v));
          });
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
