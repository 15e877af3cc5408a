package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.catalog.CatalogContext.ProfileRef;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.operator.catalog.CatalogObservation.TranscoderView;
import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.Shards;
import dev.whirlwind.protocol.transcode.JobState;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private final List<CacheView> reachable;
  private final List<CacheView> ready;
  private final List<CatalogAction> registrations = new ArrayList<>();
  private final List<CatalogAction> downloads = new ArrayList<>();
  private final List<CatalogAction> copies = new ArrayList<>();
  private final List<CatalogAction> jobs = new ArrayList<>();
  private final Set<String> problems = new LinkedHashSet<>();
  // Content ids (sources and renditions) the catalog's current videos use: never purged.
  private final Set<String> inUse = new LinkedHashSet<>();
  // Content ids of the current videos, with the videos that have those bytes.
  private final Map<String, List<Video>> byContent = new LinkedHashMap<>();

  private CatalogPlanner(CatalogContext ctx, CatalogObservation obs) {
    this.ctx = ctx;
    this.obs = obs;
    this.urls = new ContentUrls(ctx.shardUrls());
    this.reachable = obs.caches().stream().filter(CacheView::reachable).toList();
    this.ready = obs.caches().stream().filter(CacheView::ready).toList();
  }

  public static CatalogPlan plan(CatalogContext ctx, CatalogObservation obs) {
    return new CatalogPlanner(ctx, obs).plan();
  }

  private CatalogPlan plan() {
    if (!ctx.poolExists()) {
      problems.add("CachePool " + ctx.spec().cachePool + " does not exist");
    }
    List<VideoStatus> videos = new ArrayList<>();
    List<Video> spec = ctx.spec().videos == null ? List.of() : ctx.spec().videos;
    for (Video v : spec) {
      videos.add(video(v));
    }
    registerAll();
    PurgePlanner.Result purge =
        PurgePlanner.plan(ctx, obs, spec, videos, inUse, fingerprintsOf(spec));
    List<CatalogAction> actions = new ArrayList<>();
    // Most urgent first: the trackers must know a content before clients ask for it.
    actions.addAll(registrations);
    actions.addAll(purge.actions());
    actions.addAll(downloads);
    actions.addAll(copies);
    actions.addAll(jobs);
    return new CatalogPlan(actions, videos, purge.pending(), List.copyOf(problems), unreachable());
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
      out.put(v.id, fingerprint(v));
    }
    return out;
  }

  /** The key placement hashes for a video: stable before and after its content id is known. */
  String videoKey(Video v) {
    return ctx.qualifiedName() + "/" + v.id;
  }

  /** The key of the order that fetches a video from its origins. */
  String sourceKey(Video v) {
    return "vcat:" + videoKey(v) + ":" + fingerprint(v);
  }

  /**
   * What identifies a video's bytes in the spec: its sources, expected id and size. A change means
   * other bytes may come, so a new order (and key).
   */
  static String fingerprint(Video v) {
    List<String> sources = v.sources == null ? new ArrayList<>() : new ArrayList<>(v.sources);
    if (sources.isEmpty() && v.mirrors != null) {
      sources.addAll(v.mirrors);
    }
    sources.sort(null);
    String text =
        String.join("\n", sources)
            + "|"
            + (v.sha256 == null ? "" : v.sha256)
            + "|"
            + (v.sizeBytes == null ? 0 : v.sizeBytes);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  /** The best {@code count} ready caches for a key. */
  private List<CacheView> targets(String key, int count) {
    List<String> ranked = Rendezvous.top(key, ready.stream().map(CacheView::name).toList(), count);
    List<CacheView> out = new ArrayList<>();
    for (String name : ranked) {
      ready.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  private VideoStatus video(Video v) {
    VideoStatus s = new VideoStatus();
    s.id = v.id;
    s.fingerprint = fingerprint(v);
    int wanted = Math.min(replicas(v), Math.max(1, ready.size()));
    List<CacheView> targets = targets(videoKey(v), replicas(v));
    String key = sourceKey(v);
    String contentId = contentId(v, key);
    s.contentId = contentId;
    if (contentId != null) {
      inUse.add(contentId);
      byContent.computeIfAbsent(contentId, k -> new ArrayList<>()).add(v);
    }
    List<CacheView> holders =
        contentId == null ? List.of() : reachable.stream().filter(c -> c.holds(contentId)).toList();
    if (holders.isEmpty()) {
      download(v, s, key, targets, contentId);
      renditionsPending(v, s, "WaitingForSource", "transcoded once the source is cached");
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
            reachable,
            ctx.now(),
            ctx.retryFailed());
    copies.addAll(copy.actions());
    s.caches = copy.holders().stream().map(CacheView::name).toList();
    boolean replicated = copy.holders().size() >= wanted;
    List<RenditionStatus> renditions = renditions(v, contentId, wanted);
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
    s.message = bounded(message);
  }

  /** Messages come from daemons and origins: bounded so that no status outgrows its object. */
  static String bounded(String message) {
    if (message == null || message.length() <= 300) {
      return message;
    }
    return message.substring(0, 297) + "...";
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
    for (CacheView c : reachable) {
      Optional<DownloadStatus> o = c.order(key);
      if (o.isPresent()
          && o.get().state() == DownloadState.Completed
          && o.get().contentId() != null) {
        return o.get().contentId();
      }
    }
    List<String> sources = v.sources == null ? List.of() : v.sources;
    for (CacheView c : reachable) {
      for (HeldContent h : c.holdings().contents()) {
        if (h.urls().stream().anyMatch(sources::contains)) {
          return h.contentId();
        }
      }
    }
    if (ctx.previous() != null && ctx.previous().videos != null) {
      for (VideoStatus p : ctx.previous().videos) {
        if (v.id.equals(p.id) && fingerprint(v).equals(p.fingerprint) && p.contentId != null) {
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
    for (CacheView c : reachable) {
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
    downloads.add(
        new CatalogAction.Download(
            primary.ordinal(),
            new DownloadOrder(
                from,
                contentId,
                v.sizeBytes == null ? 0 : v.sizeBytes,
                null,
                extension(from),
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

  /** The container extension a torrent names the file with, from the first source's path. */
  static String extension(List<String> urls) {
    for (String u : urls) {
      try {
        String path = URI.create(u).getPath();
        int dot = path == null ? -1 : path.lastIndexOf('.');
        if (dot >= 0 && dot > path.lastIndexOf('/')) {
          String ext = path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
          if (ext.matches("[a-z0-9]{1,8}")) {
            return ext;
          }
        }
      } catch (IllegalArgumentException ignored) {
        // The CRD's URL pattern keeps these out; another source may still name it.
      }
    }
    return null;
  }

  /** Pinned when the spec says so; a pin the spec dropped is released. */
  private void pins(Video v, String contentId, List<CacheView> holders) {
    boolean want = Boolean.TRUE.equals(v.pin);
    for (CacheView c : holders) {
      boolean pinned = c.held(contentId).map(HeldContent::pinned).orElse(false);
      if (pinned != want && (want || !ctx.neededElsewhere().contains(contentId))) {
        copies.add(new CatalogAction.Pin(c.ordinal(), contentId, want));
      }
    }
  }

  private void renditionsPending(Video v, VideoStatus s, String reason, String message) {
    List<RenditionStatus> out = new ArrayList<>();
    for (String p : profilesOf(v)) {
      RenditionStatus r = new RenditionStatus();
      r.profile = p;
      ProfileRef ref = ctx.profiles().get(p);
      if (ref == null || ref.rendition() == null) {
        r.phase = VideoPhase.Pending;
        r.reason =
            ref == null || ref.problem().contains("does not exist")
                ? "ProfileNotFound"
                : "ProfileInvalid";
        r.message = ref == null ? "TranscodeProfile " + p + " does not exist" : ref.problem();
        problems.add(r.message);
      } else {
        r.phase = VideoPhase.Pending;
        r.reason = reason;
        r.message = message;
      }
      out.add(r);
    }
    s.renditions = out.isEmpty() ? null : out;
  }

  private ShardView ownerShard(String contentId) {
    int k = Shards.of(new ContentId(contentId), ctx.shardUrls().size());
    return obs.shards().stream().filter(sh -> sh.shard() == k).findFirst().orElse(null);
  }

  private List<RenditionStatus> renditions(Video v, String sourceId, int wanted) {
    List<RenditionStatus> out = new ArrayList<>();
    ShardView shard = ownerShard(sourceId);
    Optional<RegisteredContent> registered =
        shard == null ? Optional.empty() : shard.registration(sourceId);
    for (String p : profilesOf(v)) {
      RenditionStatus r = new RenditionStatus();
      r.profile = p;
      out.add(r);
      ProfileRef ref = ctx.profiles().get(p);
      if (ref == null || ref.rendition() == null) {
        boolean missing = ref == null || ref.problem().contains("does not exist");
        r.phase = missing ? VideoPhase.Pending : VideoPhase.Failed;
        r.reason = missing ? "ProfileNotFound" : "ProfileInvalid";
        r.message = ref == null ? "TranscodeProfile " + p + " does not exist" : ref.problem();
        problems.add(r.message);
        continue;
      }
      RenditionProfile profile = ref.rendition();
      boolean hls = "hls".equals(profile.effective().container());
      String hash = profile.parametersHash();
      if (shard == null || !shard.reachable()) {
        set(
            r,
            VideoPhase.Pending,
            "TrackerUnreachable",
            "the source's tracker shard did not answer");
        continue;
      }
      if (registered.isEmpty()) {
        // Registered this round; the shard's listing shows its renditions from the next one on.
        set(
            r,
            VideoPhase.Pending,
            "Registering",
            "the source is being registered with its tracker");
        continue;
      }
      Optional<RenditionRecord> record =
          registered.get().renditions().stream()
              .filter(x -> x.profileHash().equals(hash))
              .findFirst();
      String renditionKey = videoKey(v) + "/" + p;
      List<CacheView> targets = targets(renditionKey, replicas(v));
      if (record.isEmpty()
          || reachable.stream().noneMatch(c -> c.holds(record.get().renditionId()))) {
        transcode(r, sourceId, profile, hash, targets, record.isPresent());
        continue;
      }
      String renditionId = record.get().renditionId();
      inUse.add(renditionId);
      r.contentId = renditionId;
      r.urls = urls.of(renditionId, hls);
      long size =
          reachable.stream()
              .flatMap(c -> c.held(renditionId).stream())
              .findFirst()
              .map(HeldContent::sizeBytes)
              .orElse(0L);
      Replication.Result copy =
          Replication.plan(
              renditionId,
              size,
              Boolean.TRUE.equals(v.pin),
              targets,
              reachable,
              ctx.now(),
              ctx.retryFailed());
      copies.addAll(copy.actions());
      r.caches = copy.holders().stream().map(CacheView::name).toList();
      r.percent = 100;
      if (copy.holders().size() >= wanted) {
        set(r, VideoPhase.Ready, "Cached", "on " + copy.holders().size() + " caches");
      } else {
        set(r, VideoPhase.Cached, "Replicating", copy.progress(wanted));
      }
    }
    return out;
  }

  /** No cache holds a rendition of the profile: the job that makes it, or why there is none. */
  private void transcode(
      RenditionStatus r,
      String sourceId,
      RenditionProfile profile,
      String hash,
      List<CacheView> targets,
      boolean lost) {
    String jobId = sourceId + "-" + hash.substring(0, 16);
    TranscoderView view = obs.transcoders().get(r.profile);
    TranscodeJobStatus job = view == null ? null : view.jobs().get(jobId);
    if (job != null && !job.state().finished()) {
      r.percent = job.percent() < 0 ? null : (int) Math.floor(job.percent());
      set(
          r,
          VideoPhase.Transcoding,
          job.state() == JobState.Waiting ? "WaitingForClaim" : job.state().name(),
          job.state() == JobState.Running
              ? (job.path() == null ? "running" : "running on " + job.path())
              : job.reason());
      return;
    }
    if (job != null
        && (job.state() == JobState.Failed || job.state() == JobState.Cancelled)
        && recent(job.finishedAt())) {
      set(
          r,
          VideoPhase.Failed,
          "TranscodeFailed",
          (job.failure() == null ? "" : job.failure() + ": ") + job.reason());
      return;
    }
    if (view == null || view.baseUrls().isEmpty()) {
      set(
          r,
          VideoPhase.Pending,
          "NoTranscoder",
          "no transcoder of profile " + r.profile + " is running");
      return;
    }
    if (targets.isEmpty()) {
      set(r, VideoPhase.Pending, "NoReadyCache", "no cache is ready to store the rendition");
      return;
    }
    String transcoder = Rendezvous.rank(jobId, view.baseUrls()).get(0);
    jobs.add(
        new CatalogAction.Transcode(
            r.profile,
            transcoder,
            new TranscodeJobRequest(
                sourceId,
                profile,
                false,
                ctx.shardUrls(),
                targets.stream().map(CacheView::baseUrl).toList())));
    set(
        r,
        VideoPhase.Transcoding,
        lost ? "RenditionLost" : "Ordered",
        lost ? "no cache holds the rendition any more: rendering it again" : "ordered");
  }

  private boolean recent(String finishedAt) {
    return finishedAt == null
        || Instant.parse(finishedAt).plus(ctx.retryFailed()).isAfter(ctx.now());
  }

  private static void set(RenditionStatus r, VideoPhase phase, String reason, String message) {
    r.phase = phase;
    r.reason = reason;
    r.message = bounded(message);
  }

  /**
   * Registers each content with its owning shard whenever the shard's listing lacks it or holds
   * another registration: a restarted tracker is told again.
   */
  private void registerAll() {
    for (Map.Entry<String, List<Video>> e : byContent.entrySet()) {
      String contentId = e.getKey();
      ShardView shard = ownerShard(contentId);
      if (shard == null || !shard.reachable()) {
        continue;
      }
      ContentRegistration want = registration(e.getValue());
      boolean current =
          shard.registration(contentId).map(r -> want.equals(r.registration())).orElse(false);
      if (!current) {
        registrations.add(new CatalogAction.Register(shard.shard(), contentId, want));
      }
    }
  }

  private ContentRegistration registration(List<Video> videos) {
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

  /** Client URLs of compact entries: what {@code status.urlTemplates} says. */
  public static ClientUrls templates(CatalogContext ctx) {
    return new ContentUrls(ctx.shardUrls()).templates();
  }
}
