package dev.whirlwind.protocol.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads a daemon's configuration: the record's defaults, overlaid by the YAML file, overlaid by
 * {@code WHIRLWIND_*} environment variables, then validated. Any unknown key or bad value stops
 * start-up with a {@link ConfigException} that names the key.
 */
public final class ConfigLoader {
  private static final ObjectMapper MAPPER =
      ConfigYaml.mapper()
          .copy()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  /**
   * @param file the YAML file, or null for defaults and environment only
   * @param env the process environment; only {@code WHIRLWIND_*} entries are read
   */
  public static <T extends ValidatedConfig> T load(
      Class<T> type, T defaults, Path file, Map<String, String> env) {
    ObjectNode tree = MAPPER.valueToTree(defaults);
    if (file != null) {
      overlay(tree, readFile(file), "");
    }
    applyEnvironment(type, tree, env);
    T config = bind(type, tree);
    config.validate();
    return config;
  }

  private static JsonNode readFile(Path file) {
    try {
      JsonNode node = MAPPER.readTree(Files.readString(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("", "the file " + file + " must hold a YAML mapping");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigException("", "cannot parse " + file + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("", "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Copies every value of {@code from} into {@code into}, recursing into mappings. */
  private static void overlay(ObjectNode into, JsonNode from, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String key = prefix + e.getKey();
      JsonNode existing = into.get(e.getKey());
      if (existing == null && !into.has(e.getKey())) {
        throw new ConfigException(key, "unknown key");
      }
      if (existing != null && existing.isObject()) {
        if (!e.getValue().isObject()) {
          throw new ConfigException(key, "expected a mapping, got '" + e.getValue() + "'");
        }
        overlay((ObjectNode) existing, e.getValue(), key + ".");
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void applyEnvironment(Class<?> type, ObjectNode tree, Map<String, String> env) {
    Map<String, ConfigKeys.Key> byEnv =
        ConfigKeys.of(type).stream()
            .collect(Collectors.toMap(ConfigKeys.Key::envVar, k -> k, (a, b) -> a, TreeMap::new));
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!ConfigKeys.isConfigVariable(e.getKey())) {
        continue;
      }
      ConfigKeys.Key key = byEnv.get(e.getKey());
      if (key == null) {
        throw new ConfigException(
            e.getKey(), "unknown environment variable; --help lists the valid ones");
      }
      ObjectNode parent = tree;
      List<String> path = key.path();
      for (String p : path.subList(0, path.size() - 1)) {
        parent = (ObjectNode) parent.get(p);
      }
      parent.set(path.get(path.size() - 1), fromEnvText(key, e.getValue()));
    }
  }

  private static JsonNode fromEnvText(ConfigKeys.Key key, String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (List.class.isAssignableFrom(key.type())) {
      if (key.elementType() == List.class) {
        // A list of lists: the lists separated by ';', their items by ','.
        ArrayNode lists = f.arrayNode();
        for (String list : text.split(";")) {
          if (!list.isBlank()) {
            lists.add(commaSeparated(list));
          }
        }
        return lists;
      }
      return commaSeparated(text);
    }
    // Numbers and booleans are bound from text by Jackson, which reports bad values per key.
    return f.textNode(text.trim());
  }

  private static ArrayNode commaSeparated(String text) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        array.add(item.trim());
      }
    }
    return array;
  }

  private static <T> T bind(Class<T> type, JsonNode tree) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          path(e),
          "expected " + e.getTargetType().getSimpleName() + ", got '" + e.getValue() + "'");
    } catch (MismatchedInputException e) {
      throw new ConfigException(path(e), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ConfigException("", e.getOriginalMessage());
    }
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining("."));
  }
}
