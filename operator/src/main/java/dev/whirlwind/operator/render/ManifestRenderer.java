package dev.whirlwind.operator.render;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.cachepool.CachePoolObjects;
import dev.whirlwind.operator.cachepool.PoolInputs;
import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.security.AdminTokenSecret;
import dev.whirlwind.operator.tracker.CatalogInputs;
import dev.whirlwind.operator.tracker.TrackerObjects;
import dev.whirlwind.operator.transcoder.ProfileInputs;
import dev.whirlwind.operator.transcoder.RenditionProfiles;
import dev.whirlwind.operator.transcoder.TranscoderObjects;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Render mode: the Kubernetes objects the operator would create for a set of Whirlwind manifests,
 * as YAML, the way {@code helm template} prints a chart. It calls the very {@code desired()}
 * functions the reconcilers use.
 */
public final class ManifestRenderer {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final OperatorConfig config;
  private final DaemonLocator locator;
  private final String defaultNamespace;

  public ManifestRenderer(OperatorConfig config, DaemonLocator locator, String defaultNamespace) {
    this.config = config;
    this.locator = locator;
    this.defaultNamespace = defaultNamespace;
  }

  /** Parses every document; a document that is not a Whirlwind resource is an error. */
  public List<HasMetadata> parse(String manifests) {
    return Manifests.parse(manifests, defaultNamespace).resources();
  }

  /** Every object the resources of the manifests own, as the reconcilers render them. */
  public List<HasMetadata> objects(String manifests) {
    List<HasMetadata> resources = parse(manifests);
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata resource : resources) {
      out.addAll(objectsFor(resource, resources));
    }
    return out;
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
      for (HasMetadata object : objectsFor(resource, resources)) {
        out.append("---\n# Source: ").append(source).append('\n');
        out.append(stripDocumentStart(SERIALIZATION.asYaml(object)));
      }
    }
    return out.toString();
  }

  /**
   * The objects one resource owns, rendered by the reconcilers' own dependents from what the
   * manifests say of the others (a pool's caches register with the catalogs naming it).
   */
  private List<HasMetadata> objectsFor(HasMetadata resource, List<HasMetadata> all) {
    if (resource instanceof CachePool pool) {
      List<List<String>> trackers = new ArrayList<>();
      new Manifests(all)
          .catalogsOf(pool)
          .forEach(
              c ->
                  trackers.add(
                      locator.trackerShardAdminUrls(
                          c.getMetadata().getNamespace(),
                          c.getMetadata().getName(),
                          c.getSpec().trackers.shards)));
      return CachePoolObjects.render(
          pool, new PoolInputs(config.images(), trackers), config.networkPolicies());
    }
    if (resource instanceof VideoCatalog catalog) {
      return TrackerObjects.render(
          catalog, new CatalogInputs(config.images(), shards(catalog)), config.networkPolicies());
    }
    if (resource instanceof TranscodeProfile profile) {
      RenditionProfile rendition;
      try {
        rendition = RenditionProfiles.of(profile);
      } catch (IllegalArgumentException e) {
        throw new RenderException(
            "TranscodeProfile " + profile.getMetadata().getName() + ": " + e.getMessage());
      }
      return TranscoderObjects.render(
          profile,
          new ProfileInputs(config.images(), rendition, TranscoderObjects.initialMode(profile)),
          config.networkPolicies());
    }
    return List.of();
  }

  private List<String> shards(VideoCatalog c) {
    return locator.trackerShards(
        c.getMetadata().getNamespace(), c.getMetadata().getName(), c.getSpec().trackers.shards);
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
