package dev.whirlwind.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.crds.schema.CrdValidator;
import dev.whirlwind.crds.v1alpha1.ApiGroup;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Whirlwind resources of a manifest file, in document order: what render mode prints objects
 * for and what standalone mode runs. Each spec is checked as the API server would ({@link
 * CrdValidator}: the CRD's schema, defaults and CEL rules) and stored with the schema's defaults
 * applied. A document that is not one of the three kinds, breaks a rule, has a name no pod could
 * carry, or names a resource twice, is refused with its number and the line to fix.
 */
public record Manifests(List<HasMetadata> resources) {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** A name the objects derived from it ({@code <name>-cache-0}) can carry: an RFC 1123 label. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** 63 (a label) less the longest suffix a derived name gets ({@code -tracker-shards}). */
  private static final int NAME_MAX = 48;

  private static final int VIOLATIONS_SHOWN = 10;

  public static Manifests parse(String manifests, String defaultNamespace) {
    YamlLines lines = YamlLines.of(manifests);
    List<HasMetadata> resources = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(manifests)) {
      int index = 0;
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        index++;
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        if (!ApiGroup.API_VERSION.equals(apiVersion)) {
          throw new ManifestRenderer.RenderException(
              "document "
                  + index
                  + ": expected apiVersion "
                  + ApiGroup.API_VERSION
                  + ", got '"
                  + apiVersion
                  + "'");
        }
        Class<? extends HasMetadata> type =
            switch (kind) {
              case "CachePool" -> CachePool.class;
              case "VideoCatalog" -> VideoCatalog.class;
              case "TranscodeProfile" -> TranscodeProfile.class;
              default ->
                  throw new ManifestRenderer.RenderException(
                      "document " + index + ": unknown kind '" + kind + "'");
            };
        String name = doc.path("metadata").path("name").asText("");
        String where = "document " + index + " (" + kind + (name.isEmpty() ? "" : " " + name) + ")";
        if (name.isEmpty()) {
          throw new ManifestRenderer.RenderException(
              at(where, lines.line(index, "/metadata")) + ": " + kind + " has no metadata.name");
        }
        if (!NAME.matcher(name).matches() || name.length() > NAME_MAX) {
          throw new ManifestRenderer.RenderException(
              at(where, lines.line(index, "/metadata/name"))
                  + ": metadata.name must be lowercase letters, digits and '-', starting and"
                  + " ending with a letter or digit, at most "
                  + NAME_MAX
                  + " characters");
        }
        if (!doc.path("spec").isObject()) {
          throw new ManifestRenderer.RenderException(
              at(where, lines.line(index, "/spec")) + ": " + kind + " has no spec");
        }
        CrdValidator validator = CrdValidator.forKind(kind);
        List<CrdValidator.Violation> violations = validator.check(doc.get("spec"), null);
        if (!violations.isEmpty()) {
          StringBuilder sb = new StringBuilder(where + " breaks the " + kind + " schema:");
          for (CrdValidator.Violation v :
              violations.subList(0, Math.min(VIOLATIONS_SHOWN, violations.size()))) {
            sb.append("\n  ")
                .append(at("", lines.line(index, v.pointer())).strip())
                .append(' ')
                .append(v);
          }
          if (violations.size() > VIOLATIONS_SHOWN) {
            sb.append("\n  and ").append(violations.size() - VIOLATIONS_SHOWN).append(" more");
          }
          throw new ManifestRenderer.RenderException(sb.toString());
        }
        ((ObjectNode) doc).set("spec", validator.withDefaults(doc.get("spec")));
        HasMetadata resource = SERIALIZATION.convertValue(doc, type);
        if (resource.getMetadata().getNamespace() == null) {
          resource.getMetadata().setNamespace(defaultNamespace);
        }
        String id =
            kind
                + " "
                + resource.getMetadata().getNamespace()
                + "/"
                + resource.getMetadata().getName();
        if (!seen.add(id)) {
          throw new ManifestRenderer.RenderException("document " + index + ": a second " + id);
        }
        resources.add(resource);
      }
    } catch (IOException e) {
      throw new ManifestRenderer.RenderException("cannot parse manifests: " + e.getMessage());
    } catch (RuntimeException e) {
      // MappingIterator wraps a YAML syntax error in an unchecked exception.
      if (e instanceof ManifestRenderer.RenderException r) {
        throw r;
      }
      throw new ManifestRenderer.RenderException(
          "cannot parse manifests: "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
    }
    return new Manifests(List.copyOf(resources));
  }

  private static String at(String where, int line) {
    return line > 0 ? where + " line " + line : where;
  }

  public List<CachePool> pools() {
    return of(CachePool.class);
  }

  public List<VideoCatalog> catalogs() {
    return of(VideoCatalog.class);
  }

  public List<TranscodeProfile> profiles() {
    return of(TranscodeProfile.class);
  }

  /** The catalogs naming a pool, by name: the order of the pool's tracker lists. */
  public List<VideoCatalog> catalogsOf(CachePool pool) {
    return catalogs().stream()
        .filter(c -> c.getMetadata().getNamespace().equals(pool.getMetadata().getNamespace()))
        .filter(c -> pool.getMetadata().getName().equals(c.getSpec().cachePool))
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .toList();
  }

  private <T extends HasMetadata> List<T> of(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
