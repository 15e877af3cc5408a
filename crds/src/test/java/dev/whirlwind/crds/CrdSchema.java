package dev.whirlwind.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.crds.schema.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tests' view of {@link CrdValidator}: violations as {@code path: message} lines. */
final class CrdSchema {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  final String kind;
  private final CrdValidator validator;

  private CrdSchema(CrdValidator validator) {
    this.kind = validator.kind();
    this.validator = validator;
  }

  static Map<String, CrdSchema> all() {
    Map<String, CrdSchema> byKind = new LinkedHashMap<>();
    for (String kind : List.of("CachePool", "VideoCatalog", "TranscodeProfile")) {
      byKind.put(kind, new CrdSchema(CrdValidator.forKind(kind)));
    }
    return byKind;
  }

  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
      while (it.hasNext()) {
        JsonNode d = (JsonNode) it.next();
        if (d != null && !d.isEmpty()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /** Every violation of a spec: structural ones first, then CEL rules. Defaults are applied. */
  List<String> violations(JsonNode spec, JsonNode oldSpec) {
    return validator.check(spec, oldSpec).stream().map(CrdValidator.Violation::toString).toList();
  }

  List<CrdValidator.Rule> rules() {
    return validator.rules();
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
