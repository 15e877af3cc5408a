package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.operator.tracker.TrackerClientUrls;
import dev.whirlwind.operator.tracker.TrackerNames;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything a catalog's plan depends on besides what its daemons said: the spec, the resources it
 * names, where its clients go, what the last status remembered, and the time.
 *
 * @param poolExists whether the CachePool the catalog names exists
 * @param profiles every profile the catalog's videos name, by name: found and valid, or a problem
 * @param shardUrls the tracker shards in shard order, as clients reach them
 * @param previous the status the last reconcile wrote (what it remembers of removed videos)
 * @param neededElsewhere content ids other catalogs of the same pool keep: never purged
 * @param retryFailed how long a failed download or job stands before it is ordered again
 */
public record CatalogContext(
    String namespace,
    String catalog,
    VideoCatalogSpec spec,
    boolean poolExists,
    Map<String, ProfileRef> profiles,
    java.util.List<String> shardUrls,
    VideoCatalogStatus previous,
    Set<String> neededElsewhere,
    Instant now,
    Duration retryFailed) {

  /** A profile a video names: its parameters, or why there are none. */
  public record ProfileRef(String name, RenditionProfile rendition, String problem) {
    public static ProfileRef found(String name, RenditionProfile rendition) {
      return new ProfileRef(name, rendition, null);
    }

    public static ProfileRef missing(String name) {
      return new ProfileRef(name, null, "TranscodeProfile " + name + " does not exist");
    }

    public static ProfileRef invalid(String name, String why) {
      return new ProfileRef(name, null, "TranscodeProfile " + name + " is invalid: " + why);
    }
  }

  /**
   * The shards as clients get them: {@code spec.trackers.publicUrlTemplate} filled per shard, or
   * {@link #shardUrls} without one. The status's URLs and {@code trackers} name these.
   */
  public java.util.List<String> clientShardUrls() {
    java.util.List<String> client =
        TrackerClientUrls.of(
            spec.trackers == null ? null : spec.trackers.publicUrlTemplate,
            new TrackerNames(catalog, namespace),
            shardUrls.size());
    return client.isEmpty() ? shardUrls : client;
  }

  /** {@code namespace/name}: how the trackers and order keys name the catalog. */
  public String qualifiedName() {
    return namespace + "/" + catalog;
  }
}
