package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.cache.HeldContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan step of a catalog's reconcile, a pure function of what the daemons said and of the
 * catalog: which cache gets which order, which transcoder which job, and which phase each video is
 * in.
 *
 * <p>Per video: its caches are the {@code replicas} best of the pool's ready caches by rendezvous
 * hashing of the video's key. The best one downloads it from the origins; once one cache holds it
 * the others copy it from there, so an origin serves each video once. Then each profile's rendition
 * is ordered from a transcoder (uploaded to the rendition's own first cache) and copied to its
 * other caches the same way. The content id comes from the spec's {@code sha256}, else from the
 * keyed order that fetched it, else from a cache holding bytes verified from one of its sources, so
 * a restarted operator finds everything where it was and orders nothing twice.
 */
public final class CatalogPlanner {
  private final CatalogContext ctx;
  private final CatalogObservation obs;
  private final ContentUrls urls;
  private final PoolView pool;
  private final PlanOutput out = new PlanOutput();
  private final RenditionPlanner renditions;
  private final List<CatalogAction> registrations = new ArrayList<>();

  private CatalogPlanner(CatalogContext ctx, CatalogObservation obs) {
    this.ctx = ctx;
    this.obs = obs;
    this.urls = new ContentUrls(ctx.clientShardUrls());
    this.pool = new PoolView(obs);
    this.renditions = new RenditionPlanner(ctx, obs, pool, urls, out);
  }

  public static CatalogPlan plan(CatalogContext ctx, CatalogObservation obs) {
    return new CatalogPlanner(ctx, obs).plan();
  }

  private CatalogPlan plan() {
    if (!ctx.poolExists()) {
      out.problems.add("CachePool " + ctx.spec().cachePool + " does not exist");
    }
    List<VideoStatus> videos = new ArrayList<>();
    List<Video> spec = ctx.spec().videos == null ? List.of() : ctx.spec().videos;
    for (Video v : spec) {
      videos.add(video(v));
    }
    List<CatalogAction> registrations = Registrations.plan(ctx, out.byContent, renditions);
    PurgePlanner.Result purge = PurgePlanner.plan(ctx, obs, spec, out.inUse, fingerprintsOf(spec));
    List<CatalogAction> actions = new ArrayList<>();
    // Most urgent first: the trackers must know a content before clients ask for it.
    actions.addAll(registrations);
    actions.addAll(purge.actions());
    actions.addAll(out.downloads);
    actions.addAll(out.copies);
    actions.addAll(out.jobs);
    return new CatalogPlan(
        actions, videos, purge.pending(), List.copyOf(out.problems), unreachable());
  }

  private List<String> unreachable() {
    List<String> out = new ArrayList<>();
    for (CacheView c : obs.caches()) {
      if (!c.reachable()) {
        out.add("cache " + c.name() + ": " + c.error());
      }
    }
    for (ShardView s : obs.shards()) {
      if (!s.reachable()) {
        out.add("tracker shard " + s.shard() + ": " + s.error());
      }
    }
    obs.transcoders()
        .forEach(
            (name, t) -> {
              if (t.unreachable() > 0) {
                out.add(t.unreachable() + " transcoder(s) of profile " + name);
              }
            });
    return out;
  }

  private Map<String, String> fingerprintsOf(List<Video> spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Video v : spec) {
      out.put(v.id, VideoKeys.fingerprint(v));
    }
    return out;
  }

  private int replicas(Video v) {
    return v.replicas != null ? v.replicas : ctx.spec().replicas == null ? 2 : ctx.spec().replicas;
  }

  private List<String> profilesOf(Video v) {
    if (v.profiles != null) {
      return v.profiles;
    }
    return ctx.spec().profiles == null ? List.of() : ctx.spec().profiles;
  }

  private VideoStatus video(Video v) {
    VideoStatus s = new VideoStatus();
    s.id = v.id;
    s.fingerprint = VideoKeys.fingerprint(v);
    int wanted = pool.wanted(replicas(v));
    List<CacheView> targets = pool.targets(VideoKeys.video(ctx, v), replicas(v));
    String key = VideoKeys.source(ctx, v);
    String contentId = contentId(v, key);
    s.contentId = contentId;
    if (contentId != null) {
      out.inUse.add(contentId);
      out.byContent.computeIfAbsent(contentId, k -> new ArrayList<>()).add(v);
    }
    List<CacheView> holders =
        contentId == null
            ? List.<CacheView>of()
            : pool.reachable.stream().filter(c -> c.holds(contentId)).toList();
    if (holders.isEmpty()) {
      download(v, s, key, targets, contentId);
      List<RenditionStatus> waiting =
          renditions.pending(
              profilesOf(v), "WaitingForSource", "transcoded once the source is cached");
      s.renditions = waiting.isEmpty() ? null : waiting;
      return s;
    }
    long size = holders.get(0).held(contentId).map(HeldContent::sizeBytes).orElse(0L);
    s.sizeBytes = size;
    s.bytesDone = size;
    s.percent = 100;
    s.urls = urls.of(contentId, false);
    pins(v, contentId, holders);
    Replication.Result copy =
        Replication.plan(
            contentId,
            size,
            Boolean.TRUE.equals(v.pin),
            targets,
            pool.reachable,
            ctx.now(),
            ctx.retryFailed());
    out.copies.addAll(copy.actions());
    s.caches = copy.holders().stream().map(CacheView::name).toList();
    boolean replicated = copy.holders().size() >= wanted;
    List<RenditionStatus> renditions =
        this.renditions.plan(v, profilesOf(v), contentId, replicas(v));
    s.renditions = renditions.isEmpty() ? null : renditions;
    boolean anyFailed = renditions.stream().anyMatch(r -> r.phase == VideoPhase.Failed);
    boolean allReady = renditions.stream().allMatch(r -> r.phase == VideoPhase.Ready);
    boolean transcoding =
        renditions.stream()
            .anyMatch(r -> r.phase == VideoPhase.Transcoding || r.phase == VideoPhase.Cached);
    if (anyFailed) {
      RenditionStatus f =
          renditions.stream().filter(r -> r.phase == VideoPhase.Failed).findFirst().orElseThrow();
      set(s, VideoPhase.Failed, f.reason, "rendition " + f.profile + ": " + f.message);
    } else if (!replicated) {
      set(s, VideoPhase.Cached, "Replicating", copy.progress(wanted));
    } else if (allReady) {
      set(
          s,
          VideoPhase.Ready,
          renditions.isEmpty() ? "Cached" : "AllRenditionsReady",
          "on "
              + copy.holders().size()
              + " caches"
              + (renditions.isEmpty() ? "" : " with " + renditions.size() + " renditions"));
    } else if (transcoding) {
      set(s, VideoPhase.Transcoding, "Transcoding", transcodingMessage(renditions));
    } else {
      RenditionStatus waiting =
          renditions.stream().filter(r -> r.phase != VideoPhase.Ready).findFirst().orElseThrow();
      set(
          s,
          VideoPhase.Cached,
          waiting.reason,
          "rendition " + waiting.profile + ": " + waiting.message);
    }
    return s;
  }

  private static String transcodingMessage(List<RenditionStatus> renditions) {
    long ready = renditions.stream().filter(r -> r.phase == VideoPhase.Ready).count();
    return ready + " of " + renditions.size() + " renditions ready";
  }

  private static void set(VideoStatus s, VideoPhase phase, String reason, String message) {
    s.phase = phase;
    s.reason = reason;
    s.message = Messages.bounded(message);
  }

  /**
   * The content id of a video's bytes, if anything knows it: the spec, a completed order under its
   * key, a cache holding bytes verified from one of its sources, or the last status (same
   * fingerprint).
   */
  private String contentId(Video v, String key) {
    if (v.sha256 != null) {
      return v.sha256;
    }
    for (CacheView c : pool.reachable) {
      Optional<DownloadStatus> o = c.order(key);
      if (o.isPresent()
          && o.get().state() == DownloadState.Completed
          && o.get().contentId() != null) {
        return o.get().contentId();
      }
    }
    List<String> sources = v.sources == null ? List.of() : v.sources;
    for (CacheView c : pool.reachable) {
      for (HeldContent h : c.holdings().contents()) {
        if (h.urls().stream().anyMatch(sources::contains)) {
          return h.contentId();
        }
      }
    }
    if (ctx.previous() != null && ctx.previous().videos != null) {
      for (VideoStatus p : ctx.previous().videos) {
        if (v.id.equals(p.id)
            && VideoKeys.fingerprint(v).equals(p.fingerprint)
            && p.contentId != null) {
          return p.contentId;
        }
      }
    }
    return null;
  }

  /** No cache holds the video yet: its download, or why there is none. */
  private void download(
      Video v, VideoStatus s, String key, List<CacheView> targets, String contentId) {
    s.sizeBytes = v.sizeBytes;
    s.bytesDone = 0L;
    s.percent = 0;
    // An order under way anywhere is followed, not doubled: placement may have moved meanwhile.
    CacheView runningAt = null;
    DownloadStatus running = null;
    DownloadStatus failed = null;
    for (CacheView c : pool.reachable) {
      DownloadStatus o = c.order(key).orElse(null);
      if (o == null) {
        continue;
      }
      if (!o.state().finished()) {
        if (running == null || o.bytesDone() > running.bytesDone()) {
          running = o;
          runningAt = c;
        }
      } else if (o.state() == DownloadState.Failed
          && Replication.recent(o, ctx.now(), ctx.retryFailed())
          && (failed == null || later(o, failed))) {
        failed = o;
      }
    }
    if (running != null) {
      long size =
          running.sizeBytes() > 0 ? running.sizeBytes() : s.sizeBytes == null ? 0 : s.sizeBytes;
      s.sizeBytes = size > 0 ? size : null;
      s.bytesDone = running.bytesDone();
      s.percent = size > 0 ? (int) Math.min(100, running.bytesDone() * 100 / size) : 0;
      s.caches = List.of();
      if (running.state() == DownloadState.Queued) {
        set(s, VideoPhase.Pending, "Queued", "queued at " + runningAt.name());
      } else {
        set(
            s,
            VideoPhase.Downloading,
            running.state() == DownloadState.Verifying ? "Verifying" : "Downloading",
            runningAt.name() + " at " + running.rateBytesPerSecond() + " B/s");
      }
      return;
    }
    if (failed != null) {
      set(s, VideoPhase.Failed, "DownloadFailed", failed.reason());
      return;
    }
    if (!ctx.poolExists()) {
      set(
          s,
          VideoPhase.Pending,
          "PoolNotFound",
          "CachePool " + ctx.spec().cachePool + " does not exist");
      return;
    }
    if (targets.isEmpty()) {
      set(
          s,
          VideoPhase.Pending,
          "NoReadyCache",
          "no cache of pool " + ctx.spec().cachePool + " is ready");
      return;
    }
    CacheView primary = targets.get(0);
    List<String> from = new ArrayList<>();
    if (v.sources != null) {
      from.addAll(v.sources);
    }
    if (v.mirrors != null) {
      v.mirrors.stream().filter(m -> !from.contains(m)).forEach(from::add);
    }
    out.downloads.add(
        new CatalogAction.Download(
            primary.ordinal(),
            new DownloadOrder(
                from,
                contentId,
                v.sizeBytes == null ? 0 : v.sizeBytes,
                null,
                VideoKeys.extension(from),
                Boolean.TRUE.equals(v.pin),
                null,
                key,
                null)));
    set(s, VideoPhase.Pending, "Ordered", "ordered from " + primary.name());
  }

  private static boolean later(DownloadStatus a, DownloadStatus b) {
    String x = a.finishedAt() == null ? "" : a.finishedAt();
    String y = b.finishedAt() == null ? "" : b.finishedAt();
    return x.compareTo(y) > 0;
  }

  /** Pinned when the spec says so; a pin the spec dropped is released. */
  private void pins(Video v, String contentId, List<CacheView> holders) {
    boolean want = Boolean.TRUE.equals(v.pin);
    for (CacheView c : holders) {
      boolean pinned = c.held(contentId).map(HeldContent::pinned).orElse(false);
      if (pinned != want && (want || !ctx.neededElsewhere().contains(contentId))) {
        out.copies.add(new CatalogAction.Pin(c.ordinal(), contentId, want));
      }
    }
  }

  /** Client URLs of compact entries: what {@code status.urlTemplates} says. */
  public static ClientUrls templates(CatalogContext ctx) {
    return new ContentUrls(ctx.clientShardUrls()).templates();
  }
}
