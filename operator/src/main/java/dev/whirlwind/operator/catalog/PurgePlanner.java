package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.Shards;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a catalog removes: the contents (and renditions) of videos that left the spec or whose
 * sources changed, deleted from every cache and forgotten by their tracker shard (registration,
 * mirrors and record), and the unfinished orders of such videos cancelled. A content stays pending
 * until every daemon that could hold it has answered without it, so an unreachable cache is purged
 * when it comes back. Contents that a current video of the catalog or another catalog of the pool
 * uses are never purged.
 */
final class PurgePlanner {
  /** Pending purges kept at most; past it the oldest are dropped (eviction takes them). */
  static final int MAX_PENDING = 10_000;

  record Result(List<CatalogAction> actions, List<String> pending) {}

  private PurgePlanner() {}

  static Result plan(
      CatalogContext ctx,
      CatalogObservation obs,
      List<Video> spec,
      Set<String> inUse,
      Map<String, String> fingerprints) {
    Set<String> purge = new LinkedHashSet<>();
    var previous = ctx.previous();
    if (previous != null && previous.pendingPurges != null) {
      purge.addAll(previous.pendingPurges);
    }
    if (previous != null && previous.videos != null) {
      for (VideoStatus p : previous.videos) {
        String fp = fingerprints.get(p.id);
        boolean gone = fp == null;
        boolean resourced = fp != null && p.fingerprint != null && !fp.equals(p.fingerprint);
        if ((gone || resourced) && p.contentId != null) {
          purge.add(p.contentId);
          if (p.renditions != null) {
            for (RenditionStatus r : p.renditions) {
              if (r.contentId != null) {
                purge.add(r.contentId);
              }
            }
          }
        }
      }
    }
    // The tracker knows renditions the status never listed (compact entries, other profiles).
    for (String id : List.copyOf(purge)) {
      ShardView shard = owner(ctx, obs, id);
      if (shard != null) {
        shard
            .registration(id)
            .ifPresent(
                r -> r.renditions().stream().map(RenditionRecord::renditionId).forEach(purge::add));
      }
    }
    purge.removeAll(inUse);
    purge.removeAll(ctx.neededElsewhere());

    List<CatalogAction> actions = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    boolean everyCacheAnswered = obs.caches().stream().allMatch(CacheView::reachable);
    for (String id : purge) {
      boolean somewhere = !everyCacheAnswered;
      for (CacheView c : obs.caches()) {
        if (c.holds(id)) {
          actions.add(new CatalogAction.Delete(c.ordinal(), id));
          somewhere = true;
        }
      }
      // Renditions are never registered, yet the shard keeps their records: every pending id is
      // purged there (idempotent) until no cache holds it any more.
      ShardView shard = owner(ctx, obs, id);
      if (shard == null || !shard.reachable()) {
        somewhere = true;
      } else {
        actions.add(new CatalogAction.Purge(shard.shard(), id));
        somewhere |= shard.registration(id).isPresent();
      }
      if (somewhere) {
        pending.add(id);
      }
    }
    cancelStale(ctx, obs, spec, fingerprints, actions);
    if (pending.size() > MAX_PENDING) {
      pending = pending.subList(pending.size() - MAX_PENDING, pending.size());
    }
    return new Result(actions, List.copyOf(pending));
  }

  private static ShardView owner(CatalogContext ctx, CatalogObservation obs, String contentId) {
    if (!ContentId.isValid(contentId) || ctx.shardUrls().isEmpty()) {
      return null;
    }
    int k = Shards.of(new ContentId(contentId), ctx.shardUrls().size());
    return obs.shards().stream().filter(s -> s.shard() == k).findFirst().orElse(null);
  }

  /** Unfinished orders of this catalog whose video is gone or now has other sources. */
  private static void cancelStale(
      CatalogContext ctx,
      CatalogObservation obs,
      List<Video> spec,
      Map<String, String> fingerprints,
      List<CatalogAction> actions) {
    String prefix = "vcat:" + ctx.qualifiedName() + "/";
    Set<String> live = new LinkedHashSet<>();
    for (Video v : spec) {
      live.add(prefix + v.id + ":" + fingerprints.get(v.id));
    }
    for (CacheView c : obs.caches()) {
      if (!c.reachable()) {
        continue;
      }
      for (DownloadStatus d : c.holdings().downloads()) {
        if (d.key() != null
            && d.key().startsWith(prefix)
            && !live.contains(d.key())
            && !d.state().finished()) {
          actions.add(new CatalogAction.Cancel(c.ordinal(), d.orderId()));
        }
      }
    }
  }
}
