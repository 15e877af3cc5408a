package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.StatusDiff;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that writes a catalog's status and the Events that explain it: one per video phase
 * change and one per condition change. The status stays within {@link #BUDGET_BYTES}: every video
 * that is not Ready is listed in full, Ready ones too until the budget is reached, the remaining
 * Ready ones compactly (id, phase, content ids); 1,000 videos with several renditions each fit in
 * well under etcd's 1.5 MiB per object, spec included.
 */
public final class CatalogStatusRecorder {
  static final int BUDGET_BYTES = 512 * 1024;
  static final int MAX_VIDEO_EVENTS = 20;
  static final int NAMED_IN_MESSAGE = 10;

  private final EventRecorder events;
  private final Clock clock;

  public CatalogStatusRecorder(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  public UpdateControl<VideoCatalog> reconciled(
      VideoCatalog catalog, CatalogContext ctx, CatalogPlan plan, CatalogActor.Result act) {
    VideoCatalogStatus previous = current(catalog);
    VideoCatalogStatus next = status(catalog, ctx, plan, act, previous);
    if (StatusDiff.same(next, previous)) {
      return UpdateControl.noUpdate();
    }
    announceVideos(catalog, previous.videos, next.videos);
    announceConditions(catalog, previous.conditions, next.conditions);
    catalog.setStatus(next);
    return UpdateControl.patchStatus(catalog);
  }

  /** The reconcile could not get as far as planning (no admin token yet, say). */
  public UpdateControl<VideoCatalog> waiting(VideoCatalog catalog, String reason, String message) {
    VideoCatalogStatus previous = current(catalog);
    VideoCatalogStatus next = StatusDiff.copy(previous, VideoCatalogStatus.class);
    long g = generation(catalog);
    next.conditions =
        merge(
            previous.conditions,
            List.of(
                Conditions.of(Conditions.READY, false, reason, message, g),
                Conditions.of(Conditions.PROGRESSING, true, reason, message, g)));
    if (StatusDiff.same(next, previous)) {
      return UpdateControl.noUpdate();
    }
    announceConditions(catalog, previous.conditions, next.conditions);
    catalog.setStatus(next);
    return UpdateControl.patchStatus(catalog);
  }

  public ErrorStatusUpdateControl<VideoCatalog> failed(VideoCatalog catalog, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    VideoCatalogStatus previous = current(catalog);
    VideoCatalogStatus next = StatusDiff.copy(previous, VideoCatalogStatus.class);
    next.conditions =
        merge(
            previous.conditions,
            List.of(
                Conditions.of(
                    Conditions.DEGRADED,
                    true,
                    "ReconcileFailed",
                    Messages.bounded(message),
                    generation(catalog))));
    if (StatusDiff.same(next, previous)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    announceConditions(catalog, previous.conditions, next.conditions);
    catalog.setStatus(next);
    return ErrorStatusUpdateControl.patchStatus(catalog);
  }

  VideoCatalogStatus status(
      VideoCatalog catalog,
      CatalogContext ctx,
      CatalogPlan plan,
      CatalogActor.Result act,
      VideoCatalogStatus previous) {
    long g = generation(catalog);
    int total = plan.videos().size();
    int ready = (int) plan.videos().stream().filter(v -> v.phase == VideoPhase.Ready).count();
    List<String> failed =
        plan.videos().stream().filter(v -> v.phase == VideoPhase.Failed).map(v -> v.id).toList();
    VideoCatalogStatus s = new VideoCatalogStatus();
    s.observedGeneration = g;
    s.totalVideos = total;
    s.readyVideos = ready;
    s.failedVideos = failed.size();
    s.ready = ready + "/" + total;
    // As the status's URLs name them ({ownerShard} in urlTemplates).
    s.trackers = ctx.clientShardUrls();
    s.urlTemplates = CatalogPlanner.templates(ctx);
    s.pendingPurges = plan.pendingPurges().isEmpty() ? null : plan.pendingPurges();
    List<VideoStatus> videos = new ArrayList<>(plan.videos());
    s.compactVideos = compact(s, videos);
    s.videos = videos;
    boolean allReady = ready == total;
    boolean progressing = total - ready - failed.size() > 0 || act.deferred() > 0;
    List<Condition> fresh = new ArrayList<>();
    fresh.add(
        Conditions.of(
            Conditions.READY,
            allReady,
            allReady ? "AllVideosReady" : "VideosNotReady",
            ready + " of " + total + " videos ready",
            g));
    fresh.add(
        Conditions.of(
            Conditions.PROGRESSING,
            progressing,
            progressing ? "Reconciling" : "Settled",
            progressing
                ? (total - ready - failed.size())
                    + " videos on their way"
                    + (act.deferred() > 0
                        ? "; " + act.deferred() + " orders wait for the next round"
                        : "")
                : "nothing left to do",
            g));
    fresh.add(degraded(plan, failed, act, g));
    s.conditions = merge(previous.conditions, fresh);
    return s;
  }

  private static Condition degraded(
      CatalogPlan plan, List<String> failed, CatalogActor.Result act, long g) {
    if (!plan.problems().isEmpty()) {
      String first = plan.problems().get(0);
      String reason =
          first.startsWith("CachePool")
              ? "PoolNotFound"
              : first.contains("does not exist") ? "ProfileNotFound" : "ProfileInvalid";
      return Conditions.of(
          Conditions.DEGRADED,
          true,
          reason,
          Messages.bounded(String.join("; ", plan.problems())),
          g);
    }
    if (!failed.isEmpty()) {
      return Conditions.of(
          Conditions.DEGRADED, true, "VideosFailed", "failed: " + named(failed), g);
    }
    if (!plan.unreachable().isEmpty()) {
      return Conditions.of(
          Conditions.DEGRADED,
          true,
          "DaemonsUnreachable",
          Messages.bounded(String.join("; ", plan.unreachable())),
          g);
    }
    if (!act.failures().isEmpty()) {
      return Conditions.of(
          Conditions.DEGRADED,
          true,
          "CallsFailed",
          Messages.bounded(
              act.failures().size() + " calls failed, first: " + act.failures().get(0)),
          g);
    }
    return Conditions.of(Conditions.DEGRADED, false, "AsExpected", "every video is on its way", g);
  }

  static String named(List<String> ids) {
    String shown = String.join(", ", ids.subList(0, Math.min(NAMED_IN_MESSAGE, ids.size())));
    return ids.size() > NAMED_IN_MESSAGE
        ? shown + " and " + (ids.size() - NAMED_IN_MESSAGE) + " more"
        : shown;
  }

  /**
   * Lists Ready videos compactly, last first, until the status fits the budget; returns how many,
   * or null for none.
   */
  static Integer compact(VideoCatalogStatus s, List<VideoStatus> videos) {
    s.videos = videos;
    if (StatusDiff.jsonBytes(s) <= BUDGET_BYTES) {
      return null;
    }
    int compacted = 0;
    int bytes = StatusDiff.jsonBytes(s);
    for (int i = videos.size() - 1; i >= 0 && bytes > BUDGET_BYTES; i--) {
      VideoStatus v = videos.get(i);
      if (v.phase != VideoPhase.Ready) {
        continue;
      }
      int before = StatusDiff.jsonBytes(v);
      VideoStatus c = compactOf(v);
      videos.set(i, c);
      bytes -= before - StatusDiff.jsonBytes(c);
      compacted++;
    }
    return compacted == 0 ? null : compacted;
  }

  static VideoStatus compactOf(VideoStatus v) {
    VideoStatus c = new VideoStatus();
    c.id = v.id;
    c.contentId = v.contentId;
    c.fingerprint = v.fingerprint;
    c.phase = v.phase;
    if (v.renditions != null) {
      c.renditions = new ArrayList<>();
      for (RenditionStatus r : v.renditions) {
        RenditionStatus cr = new RenditionStatus();
        cr.profile = r.profile;
        cr.contentId = r.contentId;
        cr.phase = r.phase;
        c.renditions.add(cr);
      }
    }
    return c;
  }

  /** One Event per video whose phase changed; a new catalog's initial Pending is no news. */
  private void announceVideos(
      VideoCatalog catalog, List<VideoStatus> before, List<VideoStatus> after) {
    Map<String, VideoPhase> old = new HashMap<>();
    if (before != null) {
      before.forEach(v -> old.put(v.id, v.phase));
    }
    int sent = 0;
    int skipped = 0;
    for (VideoStatus v : after == null ? List.<VideoStatus>of() : after) {
      VideoPhase was = old.get(v.id);
      if (Objects.equals(was, v.phase) || (was == null && v.phase == VideoPhase.Pending)) {
        continue;
      }
      if (sent == MAX_VIDEO_EVENTS) {
        skipped++;
        continue;
      }
      sent++;
      events.record(
          catalog,
          v.phase == VideoPhase.Failed ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          "Video" + v.phase,
          "video "
              + v.id
              + ": "
              + (was == null ? "" : was + " -> ")
              + v.phase
              + (v.message == null ? "" : " (" + v.message + ")"));
    }
    if (skipped > 0) {
      events.record(
          catalog,
          EventRecorder.Type.Normal,
          "VideosChanged",
          skipped + " more videos changed phase; the status lists them");
    }
  }

  private void announceConditions(
      VideoCatalog catalog, List<Condition> before, List<Condition> after) {
    Conditions.announce(events, catalog, before, after);
  }

  private List<Condition> merge(List<Condition> previous, List<Condition> fresh) {
    return Conditions.mergeKeeping(previous, fresh, clock);
  }

  private static VideoCatalogStatus current(VideoCatalog catalog) {
    return catalog.getStatus() == null ? new VideoCatalogStatus() : catalog.getStatus();
  }

  private static long generation(VideoCatalog catalog) {
    Long g = catalog.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
