package dev.whirlwind.protocol.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;

/**
 * The one YAML form of daemon configuration, used by the operator to render ConfigMaps and by the
 * daemons to read them, so both sides agree byte for byte on what a key means.
 */
public final class ConfigYaml {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private ConfigYaml() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Renders a configuration record, keys in declaration order. */
  public static String write(Object config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
