package dev.whirlwind.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;

/** The text of {@code --help}: every key, its environment variable, default and meaning. */
public final class ConfigHelp {
  private ConfigHelp() {}

  public static String render(String daemon, Class<?> type, Object defaults) {
    JsonNode tree = ConfigYaml.mapper().valueToTree(defaults);
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: java -jar ")
        .append(daemon)
        .append(".jar --config FILE\n\n")
        .append("Keys of the YAML file; each can be overridden by its environment variable")
        .append(" (lists comma-separated).\n\n");
    for (ConfigKeys.Key key : ConfigKeys.of(type)) {
      JsonNode value = tree;
      for (String p : key.path()) {
        value = value.path(p);
      }
      String shown = value.isMissingNode() || value.isNull() ? "(unset)" : value.toString();
      sb.append("  ")
          .append(key.dotted())
          .append("  [")
          .append(key.envVar())
          .append("]  default: ")
          .append(shown)
          .append('\n');
      if (!key.doc().isEmpty()) {
        sb.append("      ").append(key.doc()).append('\n');
      }
    }
    return sb.toString();
  }
}
