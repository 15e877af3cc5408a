package dev.whirlwind.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A daemon configuration with a few keys changed, named as in the YAML ({@code "http.idleTimeout
 * Seconds"}), so tests do not copy every record component and break whenever one is added.
 */
public final class ConfigOverrides {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ConfigOverrides() {}

  @SuppressWarnings("unchecked")
  public static <T extends Record> T with(T config, Map<String, ?> overrides) {
    ObjectNode tree = MAPPER.valueToTree(config);
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      String[] path = e.getKey().split("\\.");
      ObjectNode parent = tree;
      for (int i = 0; i < path.length - 1; i++) {
        parent = (ObjectNode) parent.get(path[i]);
        if (parent == null) {
          throw new IllegalArgumentException("no section " + path[i] + " in " + e.getKey());
        }
      }
      String leaf = path[path.length - 1];
      if (!parent.has(leaf)) {
        throw new IllegalArgumentException("no key " + e.getKey());
      }
      JsonNode value = MAPPER.valueToTree(e.getValue());
      parent.set(leaf, value);
    }
    try {
      return (T) MAPPER.treeToValue(tree, config.getClass());
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalArgumentException(ex);
    }
  }

  public static <T extends Record> T with(T config, String key, Object value) {
    return with(config, Map.of(key, value));
  }
}
