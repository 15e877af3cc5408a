package dev.whirlwind.e2e.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The values reference of docs/INSTALL.md, generated from values.yaml: each key documented with a
 * {@code # --} comment (helm-docs' convention, continued by the {@code #} lines under it) becomes a
 * row with its dotted name, its default and its description.
 */
final class ValuesReference {
  record Row(String key, String defaultValue, String description) {}

  private record Level(int indent, String name) {}

  private ValuesReference() {}

  static List<Row> rows(String valuesYaml) throws IOException {
    JsonNode values = new YAMLMapper().readTree(valuesYaml);
    ObjectMapper json = new ObjectMapper();
    List<Row> rows = new ArrayList<>();
    Deque<Level> path = new ArrayDeque<>();
    StringBuilder pending = null;
    for (String line : valuesYaml.split("\n", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("# --")) {
        pending = new StringBuilder(trimmed.substring(4).trim());
        continue;
      }
      if (trimmed.startsWith("#")) {
        if (pending != null) {
          pending.append(' ').append(trimmed.substring(1).trim());
        }
        continue;
      }
      if (trimmed.isEmpty() || trimmed.startsWith("-") || !trimmed.contains(":")) {
        pending = trimmed.isEmpty() ? null : pending;
        continue;
      }
      int indent = line.indexOf(trimmed);
      while (!path.isEmpty() && path.peekLast().indent() >= indent) {
        path.removeLast();
      }
      path.addLast(new Level(indent, trimmed.substring(0, trimmed.indexOf(':'))));
      if (pending != null) {
        List<String> names = path.stream().map(Level::name).toList();
        JsonNode node = values;
        for (String n : names) {
          node = node.get(n);
        }
        rows.add(
            new Row(String.join(".", names), json.writeValueAsString(node), pending.toString()));
        pending = null;
      }
    }
    return rows;
  }

  /** Every leaf of values.yaml, dotted: each must be a documented key or lie under one. */
  static List<String> leaves(String valuesYaml) throws IOException {
    List<String> out = new ArrayList<>();
    collect(new YAMLMapper().readTree(valuesYaml), "", out);
    return out;
  }

  private static void collect(JsonNode node, String prefix, List<String> out) {
    if (node.isObject() && !node.isEmpty()) {
      node.fieldNames()
          .forEachRemaining(
              f -> collect(node.get(f), prefix.isEmpty() ? f : prefix + "." + f, out));
    } else {
      out.add(prefix);
    }
  }

  static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder("| Key | Default | Description |\n|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| `")
          .append(r.key())
          .append("` | `")
          .append(r.defaultValue().replace("|", "\\|"))
          .append("` | ")
          .append(r.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }
}
