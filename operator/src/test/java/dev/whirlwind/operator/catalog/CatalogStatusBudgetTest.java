package dev.whirlwind.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.kube.StatusDiff;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A catalog of 1,000 videos must fit in one etcd object (1.5 MiB by default, spec and status
 * together): the status lists every video that is not Ready in full and compacts Ready ones.
 */
class CatalogStatusBudgetTest {
  static final int VIDEOS = 1000;
  static final int ETCD_LIMIT = 1536 * 1024;
  private final Random random = new Random(7);

  private String id() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private ClientUrls urls(String id) {
    String shard =
        "http://a-rather-long-catalog-name-tracker-3.a-rather-long-catalog-name-tracker-shards.media-production.svc:6969";
    return new ClientUrls(
        shard + "/v1/contents/" + id + ".torrent",
        shard + "/v1/contents/" + id + ".meta4",
        shard + "/r/" + id,
        "http://edge-cache.media-production.svc:8080/c/" + id + ".m3u8");
  }

  private VideoStatus video(int i, VideoPhase phase) {
    VideoStatus v = new VideoStatus();
    v.id = "episode-" + i + "-of-a-long-running-series-with-a-long-name";
    v.contentId = id();
    v.fingerprint = "0123456789ab";
    v.phase = phase;
    v.reason = phase == VideoPhase.Ready ? "AllRenditionsReady" : "DownloadFailed";
    v.message = "x".repeat(300);
    v.sizeBytes = 1_234_567_890L;
    v.bytesDone = v.sizeBytes;
    v.percent = 100;
    v.caches = List.of("edge-cache-0", "edge-cache-1", "edge-cache-2");
    v.urls = urls(v.contentId);
    v.renditions = new ArrayList<>();
    for (String p : List.of("1080p-h264-hls", "720p-h264-hls", "360p-h264-mp4")) {
      RenditionStatus r = new RenditionStatus();
      r.profile = p;
      r.contentId = id();
      r.phase = phase;
      r.reason = "Cached";
      r.message = "on 3 caches";
      r.percent = 100;
      r.caches = v.caches;
      r.urls = urls(r.contentId);
      v.renditions.add(r);
    }
    return v;
  }

  private static VideoCatalog catalog() {
    VideoCatalog c = new VideoCatalog();
    c.getMetadata().setName("a-rather-long-catalog-name");
    c.getMetadata().setNamespace("media-production");
    VideoCatalogSpec spec = new VideoCatalogSpec();
    spec.cachePool = "edge";
    spec.videos = new ArrayList<>();
    for (int i = 0; i < VIDEOS; i++) {
      Video v =
          new Video(
              "episode-" + i + "-of-a-long-running-series-with-a-long-name",
              List.of(
                  "https://origin.media.example.com/series/season-01/episode-"
                      + i
                      + "-master.mp4"));
      v.title = "Episode " + i + " of a long running series";
      spec.videos.add(v);
    }
    c.setSpec(spec);
    return c;
  }

  private int objectBytes(List<VideoStatus> videos) {
    VideoCatalog c = catalog();
    CatalogStatusRecorder recorder = new CatalogStatusRecorder(null, Clock.systemUTC());
    var ctx =
        new CatalogContext(
            "media-production",
            c.getMetadata().getName(),
            c.getSpec(),
            true,
            java.util.Map.of(),
            List.of("http://t0:6969"),
            null,
            java.util.Set.of(),
            java.time.Instant.now(),
            java.time.Duration.ofMinutes(5));
    var plan = new CatalogPlan(List.of(), videos, List.of(), List.of(), List.of());
    var status =
        recorder.status(
            c,
            ctx,
            plan,
            new CatalogActor.Result(0, 0, List.of()),
            new dev.whirlwind.crds.v1alpha1.VideoCatalogStatus());
    c.setStatus(status);
    assertThat(status.videos).hasSize(VIDEOS);
    return StatusDiff.jsonBytes(c);
  }

  @Test
  void aThousandReadyVideosFitInOneObject() {
    List<VideoStatus> videos = new ArrayList<>();
    for (int i = 0; i < VIDEOS; i++) {
      videos.add(video(i, VideoPhase.Ready));
    }
    int full = StatusDiff.jsonBytes(videos);
    assertThat(full).as("in full they would not fit").isGreaterThan(ETCD_LIMIT);
    assertThat(objectBytes(videos)).isLessThan(ETCD_LIMIT);
  }

  @Test
  void aThousandFailedVideosAreListedInFullAndStillFit() {
    List<VideoStatus> videos = new ArrayList<>();
    for (int i = 0; i < VIDEOS; i++) {
      VideoStatus v = video(i, VideoPhase.Failed);
      v.renditions = null;
      v.urls = null;
      videos.add(v);
    }
    assertThat(objectBytes(videos)).isLessThan(ETCD_LIMIT);
    assertThat(videos).allSatisfy(v -> assertThat(v.message).isNotNull());
  }

  @Test
  void compactEntriesKeepIdsPhasesAndContentIds() {
    VideoStatus v = video(1, VideoPhase.Ready);
    VideoStatus c = CatalogStatusRecorder.compactOf(v);
    assertThat(c.id).isEqualTo(v.id);
    assertThat(c.contentId).isEqualTo(v.contentId);
    assertThat(c.phase).isEqualTo(VideoPhase.Ready);
    assertThat(c.urls).isNull();
    assertThat(c.renditions)
        .extracting(r -> r.contentId)
        .containsExactlyElementsOf(v.renditions.stream().map(r -> r.contentId).toList());
  }
}
