package dev.whirlwind.operator.render;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line of the file each value of each document came from, by JSON pointer ({@code
 * /spec/videos/0/sources}), so that an error names the line to fix. A pointer the document does not
 * have (a required field that is missing) is answered with the line of its nearest parent.
 */
final class YamlLines {
  private final List<Map<String, Integer>> documents;

  private YamlLines(List<Map<String, Integer>> documents) {
    this.documents = documents;
  }

  /** Never fails: text SnakeYAML cannot compose gives no lines, and the parser says why. */
  static YamlLines of(String text) {
    List<Map<String, Integer>> docs = new ArrayList<>();
    try {
      for (Node root : new Yaml(new LoaderOptions()).composeAll(new StringReader(text))) {
        Map<String, Integer> lines = new HashMap<>();
        if (root != null) {
          walk(root, "", lines);
        }
        docs.add(lines);
      }
    } catch (RuntimeException e) {
      return new YamlLines(List.of());
    }
    return new YamlLines(docs);
  }

  private static void walk(Node node, String pointer, Map<String, Integer> lines) {
    lines.putIfAbsent(pointer, node.getStartMark().getLine() + 1);
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key) {
          String child = pointer + "/" + key.getValue();
          // The key's line: where a reader looks for the field.
          lines.put(child, key.getStartMark().getLine() + 1);
          walk(t.getValueNode(), child, lines);
        }
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        walk(seq.getValue().get(i), pointer + "/" + i, lines);
      }
    }
  }

  /**
   * The 1-based line of {@code pointer} in the {@code document}-th document (1-based, counting
   * empty ones), or 0 when unknown.
   */
  int line(int document, String pointer) {
    if (document < 1 || document > documents.size()) {
      return 0;
    }
    Map<String, Integer> lines = documents.get(document - 1);
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
