package dev.whirlwind.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.protocol.config.ConfigYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Daemon configurations for the tests: rendered by the operator's own renderers, then moved to
 * loopback (address, port, directories, token file), as the pods of a cluster override theirs from
 * the environment. Only placement changes; what the renderers decided stays.
 */
final class RenderedConfigs {
  private static final ObjectMapper YAML = new YAMLMapper();

  private RenderedConfigs() {}

  /** Writes {@code config} with {@code overrides} (top-level keys) to {@code file}. */
  static Path write(Object config, Map<String, Object> overrides, Path file) throws IOException {
    ObjectNode tree = (ObjectNode) YAML.readTree(ConfigYaml.write(config));
    overrides.forEach(
        (k, v) -> {
          if (!tree.has(k)) {
            throw new IllegalArgumentException("the rendered config has no key " + k);
          }
          tree.set(k, YAML.valueToTree(v));
        });
    Files.writeString(file, YAML.writeValueAsString(tree));
    return file;
  }

  static JsonNode read(Path file) throws IOException {
    return YAML.readTree(file.toFile());
  }
}
