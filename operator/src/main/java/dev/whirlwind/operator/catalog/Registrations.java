package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The catalog's contents as the trackers should know them: one registration per content id. */
final class Registrations {
  private Registrations() {}

  /**
   * Registers each content with its owning shard whenever the shard's listing lacks it or holds
   * another registration: a restarted tracker is told again.
   */
  static List<CatalogAction> plan(
      CatalogContext ctx, Map<String, List<Video>> byContent, RenditionPlanner shards) {
    List<CatalogAction> registrations = new ArrayList<>();
    for (Map.Entry<String, List<Video>> e : byContent.entrySet()) {
      String contentId = e.getKey();
      ShardView shard = shards.ownerShard(contentId);
      if (shard == null || !shard.reachable()) {
        continue;
      }
      ContentRegistration want = registration(ctx, e.getValue());
      boolean current =
          shard.registration(contentId).map(r -> want.equals(r.registration())).orElse(false);
      if (!current) {
        registrations.add(new CatalogAction.Register(shard.shard(), contentId, want));
      }
    }
    return registrations;
  }

  private static ContentRegistration registration(CatalogContext ctx, List<Video> videos) {
    Video first = videos.get(0);
    List<String> sources = new ArrayList<>();
    List<String> mirrors = new ArrayList<>();
    for (Video v : videos) {
      if (v.sources != null) {
        v.sources.stream().filter(u -> !sources.contains(u)).forEach(sources::add);
      }
      if (v.mirrors != null) {
        v.mirrors.stream().filter(u -> !mirrors.contains(u)).forEach(mirrors::add);
      }
    }
    return new ContentRegistration(
        ctx.qualifiedName(),
        videos.stream().map(v -> v.id).toList(),
        first.title,
        sources,
        mirrors,
        first.sizeBytes == null ? 0 : first.sizeBytes);
  }
}
