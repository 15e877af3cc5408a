package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.operator.catalog.CatalogContext.ProfileRef;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.operator.catalog.CatalogObservation.TranscoderView;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.Shards;
import dev.whirlwind.protocol.transcode.JobState;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The renditions of one video: for each profile, the rendition the tracker recorded and the caches
 * holding it, copies to the rendition's own caches, or the job that makes it (uploaded to those
 * caches), or why there is none.
 */
final class RenditionPlanner {
  private final CatalogContext ctx;
  private final CatalogObservation obs;
  private final PoolView pool;
  private final ContentUrls urls;
  private final PlanOutput out;

  RenditionPlanner(
      CatalogContext ctx, CatalogObservation obs, PoolView pool, ContentUrls urls, PlanOutput out) {
    this.ctx = ctx;
    this.obs = obs;
    this.pool = pool;
    this.urls = urls;
    this.out = out;
  }

  /** The renditions of a video whose source some cache holds. */
  List<RenditionStatus> plan(Video v, List<String> profiles, String sourceId, int replicas) {
    int wanted = pool.wanted(replicas);
    List<RenditionStatus> statuses = new ArrayList<>();
    ShardView shard = ownerShard(sourceId);
    Optional<RegisteredContent> registered =
        shard == null ? Optional.empty() : shard.registration(sourceId);
    for (String p : profiles) {
      RenditionStatus r = new RenditionStatus();
      r.profile = p;
      statuses.add(r);
      ProfileRef ref = ctx.profiles().get(p);
      if (ref == null || ref.rendition() == null) {
        boolean missing = ref == null || ref.problem().contains("does not exist");
        r.phase = missing ? VideoPhase.Pending : VideoPhase.Failed;
        r.reason = missing ? "ProfileNotFound" : "ProfileInvalid";
        r.message = ref == null ? "TranscodeProfile " + p + " does not exist" : ref.problem();
        out.problems.add(r.message);
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
      List<CacheView> targets = pool.targets(VideoKeys.rendition(ctx, v, p), replicas);
      if (record.isEmpty() || !pool.anyHolds(record.get().renditionId())) {
        transcode(r, sourceId, profile, hash, targets, record.isPresent());
        continue;
      }
      String renditionId = record.get().renditionId();
      out.inUse.add(renditionId);
      r.contentId = renditionId;
      r.urls = urls.of(renditionId, hls);
      long size = pool.sizeOf(renditionId);
      Replication.Result copy =
          Replication.plan(
              renditionId,
              size,
              Boolean.TRUE.equals(v.pin),
              targets,
              pool.reachable,
              ctx.now(),
              ctx.retryFailed());
      out.copies.addAll(copy.actions());
      r.caches = copy.holders().stream().map(CacheView::name).toList();
      r.percent = 100;
      if (copy.holders().size() >= wanted) {
        set(r, VideoPhase.Ready, "Cached", "on " + copy.holders().size() + " caches");
      } else {
        set(r, VideoPhase.Cached, "Replicating", copy.progress(wanted));
      }
    }
    return statuses;
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
    out.jobs.add(
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
    r.message = Messages.bounded(message);
  }

  /** The renditions of a video whose source no cache holds yet: they wait, or name a problem. */
  List<RenditionStatus> pending(List<String> profiles, String reason, String message) {
    List<RenditionStatus> statuses = new ArrayList<>();
    for (String p : profiles) {
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
        out.problems.add(r.message);
      } else {
        r.phase = VideoPhase.Pending;
        r.reason = reason;
        r.message = message;
      }
      statuses.add(r);
    }
    return statuses;
  }

  ShardView ownerShard(String contentId) {
    int k = Shards.of(new ContentId(contentId), ctx.shardUrls().size());
    return obs.shards().stream().filter(sh -> sh.shard() == k).findFirst().orElse(null);
  }
}
