package dev.whirlwind.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.whirlwind.crds.v1alpha1.ApiGroup;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.cachepool.CachePoolClientService;
import dev.whirlwind.operator.cachepool.CachePoolConfigMap;
import dev.whirlwind.operator.cachepool.CachePoolDisruptionBudget;
import dev.whirlwind.operator.cachepool.CachePoolHeadlessService;
import dev.whirlwind.operator.cachepool.CachePoolStatefulSet;
import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Render mode: the Kubernetes objects the operator would create for a set of Whirlwind manifests,
 * as YAML, the way {@code helm template} prints a chart. It calls the very {@code desired()}
 * functions the reconcilers use.
 */
public final class ManifestRenderer {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final OperatorConfig config;
  private final String defaultNamespace;

  public ManifestRenderer(OperatorConfig config, String defaultNamespace) {
    this.config = config;
    this.defaultNamespace = defaultNamespace;
  }

  /** Parses every document; a document that is not a Whirlwind resource is an error. */
  public List<HasMetadata> parse(String manifests) {
    List<HasMetadata> resources = new ArrayList<>();
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
          throw new RenderException(
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
                  throw new RenderException("document " + index + ": unknown kind '" + kind + "'");
            };
        HasMetadata resource = SERIALIZATION.convertValue(doc, type);
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
          throw new RenderException("document " + index + ": " + kind + " has no metadata.name");
        }
        if (resource.getMetadata().getNamespace() == null) {
          resource.getMetadata().setNamespace(defaultNamespace);
        }
        resources.add(resource);
      }
    } catch (IOException e) {
      throw new RenderException("cannot parse manifests: " + e.getMessage());
    }
    return resources;
  }

  /** Every object, each document headed by the resource it comes from. */
  public String render(String manifests) {
    StringBuilder out = new StringBuilder();
    List<HasMetadata> resources = parse(manifests);
    boolean secretNoted = false;
    for (HasMetadata resource : resources) {
      String source = resource.getKind() + "/" + resource.getMetadata().getName();
      if (!secretNoted) {
        out.append("# Secret/")
            .append(AdminTokenSecret.NAME)
            .append(" (key ")
            .append(AdminTokenSecret.KEY)
            .append(") is created in the cluster with a random token and never rendered.\n");
        secretNoted = true;
      }
      for (HasMetadata object : objectsFor(resource)) {
        out.append("---\n# Source: ").append(source).append('\n');
        out.append(stripDocumentStart(SERIALIZATION.asYaml(object)));
      }
    }
    return out.toString();
  }

  private List<HasMetadata> objectsFor(HasMetadata resource) {
    if (resource instanceof CachePool pool) {
      return List.of(
          CachePoolConfigMap.desired(pool),
          CachePoolHeadlessService.desired(pool),
          CachePoolClientService.desired(pool),
          CachePoolDisruptionBudget.desired(pool),
          CachePoolStatefulSet.desired(pool, config.images()));
    }
    // VideoCatalog and TranscodeProfile own no Kubernetes objects in this version.
    return List.of();
  }

  private static String stripDocumentStart(String yaml) {
    return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
  }

  /** A manifest that cannot be rendered; the message names the document. */
  public static final class RenderException extends RuntimeException {
    public RenderException(String message) {
      super(message);
    }
  }
}
