package dev.whirlwind.operator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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

/**
 * The Whirlwind resources of a manifest file, in document order: what render mode prints objects
 * for and what standalone mode runs. A document that is not one of the three kinds, or names a
 * resource twice, is refused with its number.
 */
public record Manifests(List<HasMetadata> resources) {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  public static Manifests parse(String manifests, String defaultNamespace) {
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
        HasMetadata resource = SERIALIZATION.convertValue(doc, type);
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
          throw new ManifestRenderer.RenderException(
              "document " + index + ": " + kind + " has no metadata.name");
        }
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
    }
    return new Manifests(List.copyOf(resources));
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
