package dev.whirlwind.operator.catalog;

import static dev.whirlwind.operator.catalog.FakeDaemons.NOW;
import static dev.whirlwind.operator.catalog.FakeDaemons.SHARD;
import static dev.whirlwind.operator.catalog.FakeDaemons.name;
import static dev.whirlwind.operator.catalog.FakeDaemons.url;
import static dev.whirlwind.operator.catalog.FakeDaemons.video;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.catalog.CatalogAction.Delete;
import dev.whirlwind.operator.catalog.CatalogAction.Download;
import dev.whirlwind.operator.catalog.CatalogAction.Purge;
import dev.whirlwind.operator.catalog.CatalogAction.Register;
import dev.whirlwind.operator.catalog.CatalogAction.Transcode;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans and phases from daemon answers built by hand: the pure planner, no daemon, no cluster. */
class CatalogPlannerTest {
  static final String ORIGIN = "https://origin.example/bbb.mp4";
  static final String C = "c".repeat(64);
  static final String R = "e".repeat(64);
  static final long SIZE = 5_000_000;

  private static List<CatalogAction> of(CatalogPlan plan, Class<? extends CatalogAction> type) {
    return plan.actions().stream().filter(type::isInstance).toList();
  }

  /** The caches placement picks for the video, best first. */
  private static List<String> targets(String key) {
    return Rendezvous.top(key, List.of(name(0), name(1), name(2)), 2);
  }

  private static int ordinal(String cacheName) {
    return Integer.parseInt(cacheName.substring(cacheName.lastIndexOf('-') + 1));
  }

  private static ContentRegistration registration() {
    return new ContentRegistration(
        "video/films", List.of("bbb"), null, List.of(ORIGIN), List.of(), 0);
  }

  @Test
  void aNewVideoIsOrderedFromItsOriginsOnItsBestCacheOnly() {
    FakeDaemons d = new FakeDaemons(3);
    CatalogPlan plan = d.plan(video("bbb", ORIGIN));
    List<CatalogAction> downloads = of(plan, Download.class);
    assertThat(downloads).hasSize(1);
    Download o = (Download) downloads.get(0);
    assertThat(name(o.cache())).isEqualTo(targets("video/films/bbb").get(0));
    assertThat(o.order().urls()).containsExactly(ORIGIN);
    assertThat(o.order().key()).startsWith("vcat:video/films/bbb:");
    assertThat(o.order().extension()).isEqualTo("mp4");
    VideoStatus s = plan.videos().get(0);
    assertThat(s.phase).isEqualTo(VideoPhase.Pending);
    assertThat(s.reason).isEqualTo("Ordered");
    assertThat(s.renditions).extracting(r -> r.reason).containsExactly("WaitingForSource");
  }

  @Test
  void anOrderUnderWayIsFollowedWhereverItRunsNotDoubled() {
    Video v = video("bbb", ORIGIN);
    String key =
        new FakeDaemons(3)
            .plan(v).actions().stream()
                .map(a -> ((Download) a).order().key())
                .findFirst()
                .orElseThrow();
    FakeDaemons d = new FakeDaemons(3);
    // Placement moved (the order's cache is not the first target any more): it is still followed.
    int elsewhere =
        ordinal(Rendezvous.rank("video/films/bbb", List.of(name(0), name(1), name(2))).get(2));
    d.order(elsewhere, key, DownloadState.Downloading, null, SIZE / 4, SIZE, null, null);
    CatalogPlan plan = d.plan(v);
    assertThat(of(plan, Download.class)).isEmpty();
    VideoStatus s = plan.videos().get(0);
    assertThat(s.phase).isEqualTo(VideoPhase.Downloading);
    assertThat(s.percent).isEqualTo(25);
    assertThat(s.bytesDone).isEqualTo(SIZE / 4);
    assertThat(s.message).contains(name(elsewhere));
  }

  @Test
  void aFailedDownloadFailsTheVideoWithTheOriginsErrorUntilItIsRetried() {
    Video v = video("bbb", ORIGIN);
    String key =
        CatalogPlanner.plan(new FakeDaemons(3).context(v), new FakeDaemons(3).observation())
            .actions()
            .stream()
            .map(a -> ((Download) a).order().key())
            .findFirst()
            .orElseThrow();
    FakeDaemons recent = new FakeDaemons(3);
    recent.order(
        0,
        key,
        DownloadState.Failed,
        null,
        0,
        0,
        "no source answered: HTTP 404",
        NOW.minusSeconds(60));
    CatalogPlan plan = recent.plan(v);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.videos().get(0).phase).isEqualTo(VideoPhase.Failed);
    assertThat(plan.videos().get(0).reason).isEqualTo("DownloadFailed");
    assertThat(plan.videos().get(0).message).contains("HTTP 404");

    FakeDaemons old = new FakeDaemons(3);
    old.order(
        0, key, DownloadState.Failed, null, 0, 0, "no source answered", NOW.minusSeconds(600));
    assertThat(of(old.plan(v), Download.class)).as("retried after retryFailed").hasSize(1);
  }

  @Test
  void aHeldVideoIsFoundByItsSourceAndCopiedCacheToCacheToItsOtherCache() {
    Video v = video("bbb", ORIGIN);
    List<String> t = targets("video/films/bbb");
    FakeDaemons d = new FakeDaemons(3).hold(ordinal(t.get(0)), C, SIZE, ORIGIN);
    CatalogPlan plan = d.plan(v);
    VideoStatus s = plan.videos().get(0);
    assertThat(s.contentId).as("no sha256 in the spec: found by the verified URL").isEqualTo(C);
    assertThat(s.phase).isEqualTo(VideoPhase.Cached);
    assertThat(s.reason).isEqualTo("Replicating");
    assertThat(s.caches).containsExactly(t.get(0));
    List<CatalogAction> downloads = of(plan, Download.class);
    assertThat(downloads).hasSize(1);
    Download copy = (Download) downloads.get(0);
    assertThat(name(copy.cache())).isEqualTo(t.get(1));
    assertThat(copy.order().urls()).isEmpty();
    assertThat(copy.order().cacheUrls()).containsExactly(url(ordinal(t.get(0))) + "/c/" + C);
    assertThat(copy.order().sha256()).isEqualTo(C);
    assertThat(copy.order().key()).isEqualTo("copy:" + C);
    assertThat(of(plan, Register.class)).hasSize(1);
    Register r = (Register) of(plan, Register.class).get(0);
    assertThat(r.contentId()).isEqualTo(C);
    assertThat(r.registration().catalog()).isEqualTo("video/films");
    assertThat(r.registration().videoIds()).containsExactly("bbb");
  }

  @Test
  void aReplicatedVideoIsTranscodedIntoTheRenditionsOwnCaches() {
    Video v = video("bbb", ORIGIN);
    List<String> t = targets("video/films/bbb");
    FakeDaemons d = new FakeDaemons(3);
    d.hold(ordinal(t.get(0)), C, SIZE, ORIGIN).hold(ordinal(t.get(1)), C, SIZE);
    d.register(C, List.of(), registration());
    CatalogPlan plan = d.plan(v);
    assertThat(of(plan, Register.class)).as("registered as it should be").isEmpty();
    assertThat(of(plan, Download.class)).isEmpty();
    List<CatalogAction> jobs = of(plan, Transcode.class);
    assertThat(jobs).hasSize(1);
    Transcode job = (Transcode) jobs.get(0);
    assertThat(job.request().sourceContentId()).isEqualTo(C);
    assertThat(job.request().trackerUrls()).containsExactly(SHARD);
    List<String> renditionCaches =
        targets("video/films/bbb/360p").stream().map(n -> url(ordinal(n))).toList();
    assertThat(job.request().cacheUrls()).isEqualTo(renditionCaches);
    VideoStatus s = plan.videos().get(0);
    assertThat(s.phase).isEqualTo(VideoPhase.Transcoding);
    assertThat(s.renditions.get(0).phase).isEqualTo(VideoPhase.Transcoding);
  }

  @Test
  void aRunningJobIsReportedWithItsProgressAndAFailedOneFailsTheVideo() {
    Video v = video("bbb", ORIGIN);
    List<String> t = targets("video/films/bbb");
    String hash = FakeDaemons.profile360().parametersHash();
    String jobId = C + "-" + hash.substring(0, 16);
    FakeDaemons d = new FakeDaemons(3);
    d.hold(ordinal(t.get(0)), C, SIZE, ORIGIN).hold(ordinal(t.get(1)), C, SIZE);
    d.register(C, List.of(), registration());
    d.jobs.put(
        jobId, job(jobId, hash, dev.whirlwind.protocol.transcode.JobState.Running, null, null));
    CatalogPlan plan = d.plan(v);
    assertThat(of(plan, Transcode.class)).isEmpty();
    assertThat(plan.videos().get(0).renditions.get(0).percent).isEqualTo(42);

    d.jobs.put(
        jobId,
        job(
            jobId,
            hash,
            dev.whirlwind.protocol.transcode.JobState.Failed,
            "source_unreadable",
            NOW.minusSeconds(5).toString()));
    plan = d.plan(v);
    assertThat(plan.videos().get(0).phase).isEqualTo(VideoPhase.Failed);
    assertThat(plan.videos().get(0).reason).isEqualTo("TranscodeFailed");
    assertThat(plan.videos().get(0).message).contains("source_unreadable");
  }

  private static dev.whirlwind.protocol.transcode.TranscodeJobStatus job(
      String id,
      String hash,
      dev.whirlwind.protocol.transcode.JobState state,
      String failure,
      String finished) {
    return new dev.whirlwind.protocol.transcode.TranscodeJobStatus(
        id,
        C,
        "360p",
        hash,
        state,
        100,
        42.5,
        30,
        "cpu+cpu(libx264)",
        null,
        false,
        failure,
        failure == null ? null : "cannot open",
        NOW.toString(),
        NOW.toString(),
        finished);
  }

  /** Everything in place: Ready with client URLs, and nothing to send. */
  private static FakeDaemons readyState() {
    List<String> t = targets("video/films/bbb");
    List<String> rt = targets("video/films/bbb/360p");
    String hash = FakeDaemons.profile360().parametersHash();
    FakeDaemons d = new FakeDaemons(3);
    d.hold(ordinal(t.get(0)), C, SIZE, ORIGIN).hold(ordinal(t.get(1)), C, SIZE);
    d.hold(ordinal(rt.get(0)), R, 900_000).hold(ordinal(rt.get(1)), R, 900_000);
    d.register(C, List.of(new RenditionRecord(C, hash, R, "360p")), registration());
    return d;
  }

  @Test
  void aVideoWhoseRenditionsAreOnTheirCachesIsReadyAndReplanningOrdersNothing() {
    CatalogPlan plan = readyState().plan(video("bbb", ORIGIN));
    assertThat(plan.actions()).as("an operator restart re-sends nothing").isEmpty();
    VideoStatus s = plan.videos().get(0);
    assertThat(s.phase).isEqualTo(VideoPhase.Ready);
    assertThat(s.urls.torrent).isEqualTo(SHARD + "/v1/contents/" + C + ".torrent");
    RenditionStatus r = s.renditions.get(0);
    assertThat(r.phase).isEqualTo(VideoPhase.Ready);
    assertThat(r.contentId).isEqualTo(R);
    assertThat(r.urls.metalink).isEqualTo(SHARD + "/v1/contents/" + R + ".meta4");
    assertThat(r.urls.http).isEqualTo(SHARD + "/r/" + R);
    assertThat(r.urls.hls).as("an mp4 rendition has no playlist").isNull();
    assertThat(r.caches).hasSize(2);
  }

  @Test
  void withATrackerTemplateTheStatusNamesTheShardsAsClientsReachThem() {
    FakeDaemons d = readyState();
    CatalogContext ctx = d.context(video("bbb", ORIGIN));
    ctx.spec().trackers.publicUrlTemplate = "https://{pod}.{namespace}.example.com";
    String shard =
        "https://" + FakeDaemons.CATALOG + "-tracker-0." + FakeDaemons.NS + ".example.com";
    assertThat(ctx.clientShardUrls()).containsExactly(shard);
    assertThat(ctx.shardUrls()).as("the daemons' own").containsExactly(SHARD);
    CatalogPlan plan = CatalogPlanner.plan(ctx, d.observation());
    VideoStatus s = plan.videos().get(0);
    assertThat(s.urls.torrent).isEqualTo(shard + "/v1/contents/" + C + ".torrent");
    assertThat(s.renditions.get(0).urls.http).isEqualTo(shard + "/r/" + R);
    assertThat(CatalogPlanner.templates(ctx).http).isEqualTo("{ownerShard}/r/{contentId}");
  }

  @Test
  void missingProfilesAndPoolsAreNamedAndNoCacheMeansPending() {
    FakeDaemons d = readyState();
    d.profiles.clear();
    CatalogPlan plan = d.plan(video("bbb", ORIGIN));
    assertThat(plan.problems()).containsExactly("TranscodeProfile 360p does not exist");
    assertThat(plan.videos().get(0).phase).isNotEqualTo(VideoPhase.Ready);
    assertThat(plan.videos().get(0).renditions.get(0).reason).isEqualTo("ProfileNotFound");

    FakeDaemons none = new FakeDaemons(2);
    none.ready.replaceAll(r -> false);
    CatalogPlan pending = none.plan(video("bbb", ORIGIN));
    assertThat(pending.actions()).isEmpty();
    assertThat(pending.videos().get(0).reason).isEqualTo("NoReadyCache");

    FakeDaemons nopool = new FakeDaemons(0);
    nopool.poolExists = false;
    CatalogPlan missing = nopool.plan(video("bbb", ORIGIN));
    assertThat(missing.problems()).containsExactly("CachePool edge does not exist");
    assertThat(missing.videos().get(0).reason).isEqualTo("PoolNotFound");
  }

  @Test
  void aRemovedVideoIsPurgedFromEveryCacheAndItsTrackerUntilNothingHoldsIt() {
    FakeDaemons d = readyState();
    VideoCatalogStatus previous = new VideoCatalogStatus();
    VideoStatus gone = new VideoStatus();
    gone.id = "bbb";
    gone.contentId = C;
    previous.videos = List.of(gone);
    d.previous = previous;
    Video other = video("sintel", "https://origin.example/sintel.mkv");
    CatalogPlan plan = d.plan(other);
    List<CatalogAction> deletes = of(plan, Delete.class);
    // The source on two caches and its rendition (known to the tracker) on two.
    assertThat(deletes).hasSize(4);
    assertThat(deletes).extracting(a -> ((Delete) a).contentId()).containsOnly(C, R);
    assertThat(of(plan, Purge.class))
        .extracting(a -> ((Purge) a).contentId())
        .containsExactlyInAnyOrder(C, R);
    assertThat(plan.pendingPurges()).containsExactlyInAnyOrder(C, R);

    // Once nothing holds them, nothing is left to do; the purge is forgotten.
    FakeDaemons after = new FakeDaemons(3);
    VideoCatalogStatus next = new VideoCatalogStatus();
    next.pendingPurges = plan.pendingPurges();
    after.previous = next;
    CatalogPlan done = after.plan(other);
    assertThat(of(done, Delete.class)).isEmpty();
    assertThat(of(done, Purge.class)).as("the tracker is told once more").hasSize(2);
    assertThat(done.pendingPurges()).isEmpty();

    // A cache that did not answer may still hold them: they stay pending.
    FakeDaemons partly = new FakeDaemons(3);
    partly.down.add(1);
    partly.previous = next;
    assertThat(partly.plan(other).pendingPurges()).containsExactlyInAnyOrder(C, R);
  }

  @Test
  void whatAnotherCatalogOfThePoolKeepsIsNeverPurged() {
    FakeDaemons d = readyState();
    VideoCatalogStatus previous = new VideoCatalogStatus();
    VideoStatus gone = new VideoStatus();
    gone.id = "bbb";
    gone.contentId = C;
    previous.videos = List.of(gone);
    d.previous = previous;
    CatalogContext ctx = d.context();
    ctx =
        new CatalogContext(
            ctx.namespace(),
            ctx.catalog(),
            ctx.spec(),
            true,
            ctx.profiles(),
            ctx.shardUrls(),
            previous,
            java.util.Set.of(C, R),
            ctx.now(),
            ctx.retryFailed());
    CatalogPlan plan = CatalogPlanner.plan(ctx, d.observation());
    assertThat(of(plan, Delete.class)).isEmpty();
    assertThat(plan.pendingPurges()).isEmpty();
  }

  @Test
  void editedSourcesMakeANewOrderAndCancelTheOldOne() {
    Video v = video("bbb", ORIGIN);
    String oldKey = "vcat:video/films/bbb:" + VideoKeys.fingerprint(v);
    Video moved = video("bbb", "https://other.example/bbb.mp4");
    FakeDaemons d = new FakeDaemons(3);
    d.order(0, oldKey, DownloadState.Downloading, null, 100, SIZE, null, null);
    CatalogPlan plan = d.plan(moved);
    assertThat(of(plan, CatalogAction.Cancel.class)).hasSize(1);
    assertThat(of(plan, Download.class)).hasSize(1);
    assertThat(((Download) of(plan, Download.class).get(0)).order().key()).isNotEqualTo(oldKey);
  }
}
