package dev.whirlwind.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a daemon's OpenAPI document against what the daemon is: its operations against the route
 * table, each schema marked {@code x-record} against that record's components, and each request
 * example against its record (read strictly). The daemon's test then sends the examples.
 */
public final class OpenApiCheck {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "head", "options", "patch");

  /** One request example: where it goes and what it is. */
  public record Example(String method, String path, JsonNode body, Class<?> record) {}

  private final JsonNode doc;

  private OpenApiCheck(JsonNode doc) {
    this.doc = doc;
  }

  /** {@code docs/openapi/<name>.yaml}, found from a module's directory. */
  public static OpenApiCheck load(String name) throws IOException {
    return new OpenApiCheck(
        YAML.readTree(Path.of("..", "docs", "openapi", name + ".yaml").toFile()));
  }

  /** Every documented operation as {@code "GET /v1/jobs/{jobId}"}. */
  public Set<String> operations() {
    Set<String> out = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (METHODS.contains(m)) {
                  out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
                }
              });
    }
    return out;
  }

  /**
   * The documented operations are exactly these routes (each {@code "METHOD /pattern"}) and the ops
   * endpoints every daemon serves.
   */
  public void operationsAre(List<String> routes) {
    Set<String> expected = new TreeSet<>(Set.of("GET /healthz", "GET /readyz", "GET /metrics"));
    for (String r : routes) {
      int space = r.indexOf(' ');
      expected.add(r.substring(0, space) + " " + openApiPath(r.substring(space + 1)));
    }
    assertThat(operations()).isEqualTo(expected);
  }

  /** Sends every request example to a running daemon; each must be accepted (2xx). */
  public void examplesAreAccepted(String baseUrl, String token, int expected) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    List<Example> all = examples();
    assertThat(all).hasSize(expected);
    for (Example e : all) {
      java.net.http.HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + e.path()))
                  .header("Authorization", "Bearer " + token)
                  .method(
                      e.method(),
                      java.net.http.HttpRequest.BodyPublishers.ofString(e.body().toString()))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode())
          .as(e.method() + " " + e.path() + ": " + r.body())
          .isBetween(200, 299);
    }
  }

  /** A route pattern as OpenAPI writes it: {@code {name...}} becomes {@code {name}}. */
  public static String openApiPath(String pattern) {
    return pattern.replace("...}", "}");
  }

  /** Every schema with {@code x-record} has exactly that record's components as properties. */
  public void schemasMatchTheirRecords() throws ClassNotFoundException {
    Iterator<Map.Entry<String, JsonNode>> schemas = doc.at("/components/schemas").fields();
    int checked = 0;
    while (schemas.hasNext()) {
      Map.Entry<String, JsonNode> s = schemas.next();
      JsonNode record = s.getValue().get("x-record");
      if (record == null) {
        continue;
      }
      Class<?> type = Class.forName(record.asText());
      Set<String> components = new TreeSet<>();
      for (RecordComponent c : type.getRecordComponents()) {
        components.add(c.getName());
      }
      Set<String> properties = new TreeSet<>();
      s.getValue().get("properties").fieldNames().forEachRemaining(properties::add);
      assertThat(properties)
          .as("schema %s against %s", s.getKey(), type.getName())
          .isEqualTo(components);
      checked++;
    }
    assertThat(checked).as("schemas marked x-record").isPositive();
  }

  /** The JSON request examples, each already read into its record strictly. */
  public List<Example> examples() throws Exception {
    List<Example> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> p = paths.next();
      Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode json = op.getValue().at("/requestBody/content/application~1json");
        if (json.isMissingNode() || !json.has("example")) {
          continue;
        }
        String ref = json.at("/schema/$ref").asText();
        JsonNode schema = doc.at(ref.substring(1));
        Class<?> type = Class.forName(schema.get("x-record").asText());
        JsonNode example = json.get("example");
        STRICT.treeToValue(example, type); // throws when the example is not the record
        String path =
            op.getValue().has("x-example-path")
                ? op.getValue().get("x-example-path").asText()
                : p.getKey();
        out.add(new Example(op.getKey().toUpperCase(java.util.Locale.ROOT), path, example, type));
      }
    }
    return out;
  }
}
