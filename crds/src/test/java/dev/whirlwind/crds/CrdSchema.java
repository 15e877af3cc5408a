package dev.whirlwind.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server does with a custom resource that the mock API server does not: apply the
 * schema's defaults, check the structural schema (types, enums, patterns, bounds, unknown fields)
 * and evaluate the {@code x-kubernetes-validations} CEL rules, transition rules included.
 */
final class CrdSchema {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CelCompiler CEL =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  /** One CEL rule and where it sits in the schema. */
  record Rule(String path, String expression, String message) {}

  final String kind;
  final JsonNode schema;

  private CrdSchema(String kind, JsonNode schema) {
    this.kind = kind;
    this.schema = schema;
  }

  static CrdSchema forPlural(String plural) throws IOException {
    JsonNode crd = YAML.readTree(GENERATED.resolve(plural + ".whirlwind.dev-v1.yml").toFile());
    return new CrdSchema(
        crd.at("/spec/names/kind").asText(), crd.at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  static Map<String, CrdSchema> all() throws IOException {
    Map<String, CrdSchema> byKind = new LinkedHashMap<>();
    for (String plural : List.of("cachepools", "videocatalogs", "transcodeprofiles")) {
      CrdSchema s = forPlural(plural);
      byKind.put(s.kind, s);
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
    JsonNode specSchema = schema.at("/properties/spec");
    JsonNode defaulted = withDefaults(specSchema, spec.deepCopy());
    List<String> errors = new ArrayList<>();
    JsonSchema structural =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(closed(specSchema.deepCopy()));
    for (ValidationMessage m : structural.validate(defaulted)) {
      errors.add(m.getMessage());
    }
    if (errors.isEmpty()) {
      JsonNode oldDefaulted = oldSpec == null ? null : withDefaults(specSchema, oldSpec.deepCopy());
      evaluate(specSchema, defaulted, oldDefaulted, "spec", errors);
    }
    return errors;
  }

  /** All rules of the kind's spec. */
  List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    collectRules(schema.at("/properties/spec"), "spec", rules);
    return rules;
  }

  private static void collectRules(JsonNode s, String path, List<Rule> out) {
    for (JsonNode r : s.path("x-kubernetes-validations")) {
      out.add(new Rule(path, r.path("rule").asText(), r.path("message").asText()));
    }
    s.path("properties")
        .fields()
        .forEachRemaining(e -> collectRules(e.getValue(), path + "." + e.getKey(), out));
    if (s.has("items")) {
      collectRules(s.get("items"), path + "[]", out);
    }
  }

  /** The API server applies defaults before validation, recursing into present objects. */
  static JsonNode withDefaults(JsonNode s, JsonNode value) {
    if (value instanceof ObjectNode obj && s.has("properties")) {
      Iterator<Map.Entry<String, JsonNode>> props = s.get("properties").fields();
      while (props.hasNext()) {
        var p = props.next();
        if (!obj.has(p.getKey()) && p.getValue().has("default")) {
          obj.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (obj.has(p.getKey())) {
          obj.set(p.getKey(), withDefaults(p.getValue(), obj.get(p.getKey())));
        }
      }
    } else if (value != null && value.isArray() && s.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) value)
            .set(i, withDefaults(s.get("items"), value.get(i)));
      }
    }
    return value;
  }

  /** kubectl's strict field validation: a field the schema does not know is an error. */
  private static JsonNode closed(JsonNode s) {
    if (s instanceof ObjectNode obj) {
      if (obj.has("properties")
          && !obj.has("additionalProperties")
          && !obj.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
        obj.put("additionalProperties", false);
      }
      obj.fields().forEachRemaining(e -> closed(e.getValue()));
    } else if (s != null && s.isArray()) {
      s.forEach(CrdSchema::closed);
    }
    return s;
  }

  private static void evaluate(
      JsonNode s, JsonNode value, JsonNode old, String path, List<String> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    for (JsonNode r : s.path("x-kubernetes-validations")) {
      String rule = r.path("rule").asText();
      boolean transition = rule.contains("oldSelf");
      if (transition && old == null) {
        continue; // Transition rules apply to updates only.
      }
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", celValue(value));
      if (transition) {
        vars.put("oldSelf", celValue(old));
      }
      try {
        CelAbstractSyntaxTree ast = CEL.compile(rule).getAst();
        Object result = RUNTIME.createProgram(ast).eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          errors.add(path + ": " + r.path("message").asText());
        }
      } catch (Exception e) {
        errors.add(path + ": rule '" + rule + "' failed to evaluate: " + e.getMessage());
      }
    }
    if (value.isObject() && s.has("properties")) {
      s.get("properties")
          .fields()
          .forEachRemaining(
              p ->
                  evaluate(
                      p.getValue(),
                      value.get(p.getKey()),
                      old == null ? null : old.get(p.getKey()),
                      path + "." + p.getKey(),
                      errors));
    } else if (value.isArray() && s.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        // Items of plain lists have no identity across updates, so no oldSelf for them.
        evaluate(s.get("items"), value.get(i), null, path + "[" + i + "]", errors);
      }
    }
  }

  /** JSON to CEL values: objects to maps, integers to int64, decimals to double. */
  private static Object celValue(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), celValue(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(celValue(x)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.asText();
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
