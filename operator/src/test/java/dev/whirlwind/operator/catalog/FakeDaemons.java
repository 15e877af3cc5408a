package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.TrackerSpec;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.operator.catalog.CatalogContext.ProfileRef;
import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.operator.catalog.CatalogObservation.ShardView;
import dev.whirlwind.operator.catalog.CatalogObservation.TranscoderView;
import dev.whirlwind.protocol.cache.CacheHoldings;
import dev.whirlwind.protocol.cache.DownloadState;
import dev.whirlwind.protocol.cache.DownloadStatus;
import dev.whirlwind.protocol.cache.HeldContent;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscodeJobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pool of caches, a tracker and transcoders as the planner sees them, built by hand: the daemon
 * answers a test wants, and the plans they lead to, without a daemon.
 */
final class FakeDaemons {
  static final String NS = "video";
  static final String CATALOG = "films";
  static final String POOL = "edge";
  static final String SHARD = "http://films-tracker-0:6969";
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  static RenditionProfile profile360() {
    return new RenditionProfile(
        "360p", "h264", 640, 360, 100_000, 0, 0, null, 0, null, "aac", 0, 0, 0, "mp4", 0, "cpu");
  }

  final List<Boolean> ready = new ArrayList<>();
  final Map<Integer, List<HeldContent>> held = new HashMap<>();
  final Map<Integer, List<DownloadStatus>> downloads = new HashMap<>();
  final Set<Integer> down = new java.util.HashSet<>();
  final List<RegisteredContent> registered = new ArrayList<>();
  boolean trackerDown;
  final Map<String, TranscodeJobStatus> jobs = new LinkedHashMap<>();
  List<String> transcoders = List.of("http://360p-transcoder-0:8090");
  final Map<String, ProfileRef> profiles = new LinkedHashMap<>();
  VideoCatalogStatus previous;
  boolean poolExists = true;

  FakeDaemons(int caches) {
    for (int i = 0; i < caches; i++) {
      ready.add(true);
    }
    profiles.put("360p", ProfileRef.found("360p", profile360()));
  }

  static String name(int ordinal) {
    return POOL + "-cache-" + ordinal;
  }

  static String url(int ordinal) {
    return "http://" + name(ordinal) + ":8080";
  }

  FakeDaemons hold(int cache, String contentId, long size, String... urls) {
    held.computeIfAbsent(cache, k -> new ArrayList<>())
        .add(new HeldContent(contentId, size, false, List.of(urls), 0));
    return this;
  }

  FakeDaemons order(
      int cache,
      String key,
      DownloadState state,
      String contentId,
      long done,
      long size,
      String reason,
      Instant finished) {
    downloads
        .computeIfAbsent(cache, k -> new ArrayList<>())
        .add(
            new DownloadStatus(
                "order-" + key.hashCode() + "-" + cache,
                state,
                contentId,
                size,
                done,
                1000,
                10,
                reason,
                List.of(),
                key,
                NOW.minusSeconds(60).toString(),
                finished == null ? null : finished.toString()));
    return this;
  }

  FakeDaemons register(String contentId, List<RenditionRecord> renditions, ContentRegistration r) {
    registered.add(new RegisteredContent(contentId, r, true, renditions));
    return this;
  }

  CatalogObservation observation() {
    List<CacheView> caches = new ArrayList<>();
    for (int i = 0; i < ready.size(); i++) {
      if (down.contains(i)) {
        caches.add(new CacheView(i, name(i), url(i), null, "connection refused"));
        continue;
      }
      caches.add(
          new CacheView(
              i,
              name(i),
              url(i),
              new CacheHoldings(
                  name(i),
                  url(i),
                  ready.get(i),
                  1L << 40,
                  0,
                  125_000_000,
                  0,
                  held.getOrDefault(i, List.of()),
                  downloads.getOrDefault(i, List.of()),
                  Map.of()),
              null));
    }
    ShardView shard =
        trackerDown
            ? new ShardView(0, SHARD, null, "connection refused")
            : new ShardView(0, SHARD, List.copyOf(registered), null);
    Map<String, TranscoderView> views = new LinkedHashMap<>();
    for (String p : profiles.keySet()) {
      views.put(p, new TranscoderView(p, transcoders, jobs, 0));
    }
    return new CatalogObservation(caches, List.of(shard), views);
  }

  CatalogContext context(Video... videos) {
    VideoCatalogSpec spec = new VideoCatalogSpec();
    spec.cachePool = POOL;
    spec.trackers = new TrackerSpec();
    spec.replicas = 2;
    spec.profiles = List.of("360p");
    spec.videos = List.of(videos);
    return new CatalogContext(
        NS,
        CATALOG,
        spec,
        poolExists,
        profiles,
        List.of(SHARD),
        previous,
        Set.of(),
        NOW,
        Duration.ofMinutes(5));
  }

  CatalogPlan plan(Video... videos) {
    return CatalogPlanner.plan(context(videos), observation());
  }

  static Video video(String id, String... sources) {
    return new Video(id, List.of(sources));
  }
}
