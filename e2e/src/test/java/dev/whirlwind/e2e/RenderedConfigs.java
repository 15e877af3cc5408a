package dev.whirlwind.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.operator.standalone.ConfigOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Daemon configurations for the tests: rendered by the operator's own renderers, then moved to
 * loopback with {@link ConfigOverrides}, as standalone mode does.
 */
final class RenderedConfigs {
  private RenderedConfigs() {}

  /** Writes {@code config} with {@code overrides} (top-level keys) to {@code file}. */
  static Path write(Object config, Map<String, Object> overrides, Path file) throws IOException {
    Files.writeString(file, ConfigOverrides.apply(config, overrides));
    return file;
  }

  static JsonNode read(Path file) throws IOException {
    return new YAMLMapper().readTree(file.toFile());
  }
}
