package dev.whirlwind.crds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonNodePath;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server does with a custom resource's spec, without one: apply the schema's defaults,
 * check the structural schema as kubectl's strict field validation does (types, enums, patterns,
 * bounds, unknown fields) and evaluate the {@code x-kubernetes-validations} CEL rules, transition
 * rules included. The schema is the generated CRD this jar carries, so a manifest standalone or
 * render mode accepts is one {@code kubectl apply} accepts.
 */
public final class CrdValidator {
  /** The generated CRDs, in this jar. */
  public static final String RESOURCE_DIR = "META-INF/fabric8/";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final CelCompiler CEL =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, String> PLURALS =
      Map.of(
          "CachePool", "cachepools",
          "VideoCatalog", "videocatalogs",
          "TranscodeProfile", "transcodeprofiles");
  private static final Map<String, CrdValidator> BY_KIND = new ConcurrentHashMap<>();

  /** One CEL rule and where it sits in the schema. */
  public record Rule(String path, String expression, String message) {}

  /**
   * One reason the spec is refused.
   *
   * @param path where, as a reader writes it: {@code spec.videos[0].sources}
   * @param pointer the same place as a JSON pointer from the document's root: {@code
   *     /spec/videos/0/sources}
   */
  public record Violation(String path, String pointer, String message) {
    @Override
    public String toString() {
      return path + ": " + message;
    }
  }

  // Draft 4 plus the API server's own keywords: the CEL rules are checked below, int-or-string
  // needs no check of its own (the structural schema has none either).
  private static final com.networknt.schema.JsonMetaSchema KUBERNETES_V4 =
      com.networknt.schema.JsonMetaSchema.builder(
              "https://whirlwind.dev/kubernetes-structural-v4",
              com.networknt.schema.JsonMetaSchema.getV4())
          .keyword(new com.networknt.schema.NonValidationKeyword("x-kubernetes-validations"))
          .keyword(new com.networknt.schema.NonValidationKeyword("x-kubernetes-int-or-string"))
          .keyword(
              new com.networknt.schema.NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
          .build();

  private final String kind;
  private final JsonNode specSchema;
  private final JsonSchema structural;

  private CrdValidator(String kind, JsonNode crdSchema) {
    this.kind = kind;
    this.specSchema = crdSchema.at("/properties/spec");
    this.structural =
        JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(KUBERNETES_V4).defaultMetaSchemaIri(KUBERNETES_V4.getIri()))
            .getSchema(closed(specSchema.deepCopy()));
  }

  /** The validator of one of the three kinds; null for another kind. */
  public static CrdValidator forKind(String kind) {
    String plural = PLURALS.get(kind);
    if (plural == null) {
      return null;
    }
    return BY_KIND.computeIfAbsent(kind, k -> load(k, plural));
  }

  private static CrdValidator load(String kind, String plural) {
    String name = RESOURCE_DIR + plural + ".whirlwind.dev-v1.yml";
    try (InputStream in = CrdValidator.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no generated CRD " + name + " on the class path");
      }
      JsonNode crd = YAML.readTree(in);
      return new CrdValidator(kind, crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String kind() {
    return kind;
  }

  /** The spec with the schema's defaults applied, as the API server stores it. */
  public JsonNode withDefaults(JsonNode spec) {
    return defaults(specSchema, spec.deepCopy());
  }

  /** Every violation of a spec: structural ones first, then CEL rules. Defaults are applied. */
  public List<Violation> check(JsonNode spec, JsonNode oldSpec) {
    JsonNode defaulted = withDefaults(spec);
    List<Violation> out = new ArrayList<>();
    for (ValidationMessage m : structural.validate(defaulted)) {
      out.add(structural(m));
    }
    if (out.isEmpty()) {
      JsonNode oldDefaulted = oldSpec == null ? null : withDefaults(oldSpec);
      evaluate(specSchema, defaulted, oldDefaulted, "spec", "/spec", out);
    }
    return out;
  }

  private static Violation structural(ValidationMessage m) {
    JsonNodePath at = m.getInstanceLocation();
    StringBuilder path = new StringBuilder("spec");
    StringBuilder pointer = new StringBuilder("/spec");
    for (int i = 0; i < at.getNameCount(); i++) {
      Object e = at.getElement(i);
      if (e instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append('.').append(e);
      }
      pointer.append('/').append(e);
    }
    // An unknown field is reported at its parent; point at the field itself.
    if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
      path.append('.').append(m.getProperty());
      pointer.append('/').append(m.getProperty());
    }
    String message = m.getMessage();
    String prefix = at + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return new Violation(path.toString(), pointer.toString(), message);
  }

  /** All rules of the kind's spec. */
  public List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    collectRules(specSchema, "spec", rules);
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
  private static JsonNode defaults(JsonNode s, JsonNode value) {
    if (value instanceof ObjectNode obj && s.has("properties")) {
      Iterator<Map.Entry<String, JsonNode>> props = s.get("properties").fields();
      while (props.hasNext()) {
        var p = props.next();
        if (!obj.has(p.getKey()) && p.getValue().has("default")) {
          obj.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (obj.has(p.getKey())) {
          obj.set(p.getKey(), defaults(p.getValue(), obj.get(p.getKey())));
        }
      }
    } else if (value instanceof ArrayNode array && s.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, defaults(s.get("items"), array.get(i)));
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
      s.forEach(CrdValidator::closed);
    }
    return s;
  }

  private static void evaluate(
      JsonNode s, JsonNode value, JsonNode old, String path, String pointer, List<Violation> out) {
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
          out.add(new Violation(path, pointer, r.path("message").asText()));
        }
      } catch (Exception e) {
        out.add(
            new Violation(
                path, pointer, "rule '" + rule + "' failed to evaluate: " + e.getMessage()));
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
                      pointer + "/" + p.getKey(),
                      out));
    } else if (value.isArray() && s.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        // Items of plain lists have no identity across updates, so no oldSelf for them.
        evaluate(s.get("items"), value.get(i), null, path + "[" + i + "]", pointer + "/" + i, out);
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
}
