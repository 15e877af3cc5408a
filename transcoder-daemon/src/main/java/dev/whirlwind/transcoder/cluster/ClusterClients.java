package dev.whirlwind.transcoder.cluster;

import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trackers and caches a job works with: those its request names (the catalog of its source and
 * that catalog's pool), else the daemon's own. One transcoder thus serves every catalog that names
 * its profile. Clients are kept per URL list, the least recently used past a small bound.
 */
public final class ClusterClients {
  static final int KEPT = 64;

  private final String token;
  private final TrackerClient defaultTrackers;
  private final CacheUploader defaultUploader;
  private final Map<List<String>, TrackerClient> trackers = lru();
  private final Map<List<String>, CacheUploader> uploaders = lru();

  public ClusterClients(List<String> trackerUrls, List<String> cacheUrls, String token) {
    this.token = token;
    this.defaultTrackers = trackerUrls.isEmpty() ? null : new TrackerClient(trackerUrls, token);
    this.defaultUploader = new CacheUploader(cacheUrls, token);
  }

  private static <V> Map<List<String>, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<String>, V> eldest) {
        return size() > KEPT;
      }
    };
  }

  /** The daemon's own trackers, or null when it has none. */
  public TrackerClient defaultTrackers() {
    return defaultTrackers;
  }

  /** The trackers of a job's catalog, or null when neither the job nor the daemon names any. */
  public synchronized TrackerClient trackers(TranscodeJobRequest request) {
    if (request.trackerUrls().isEmpty()) {
      return defaultTrackers;
    }
    return trackers.computeIfAbsent(request.trackerUrls(), urls -> new TrackerClient(urls, token));
  }

  /** Where a job's rendition is stored. */
  public synchronized CacheUploader uploader(TranscodeJobRequest request) {
    if (request.cacheUrls().isEmpty()) {
      return defaultUploader;
    }
    return uploaders.computeIfAbsent(request.cacheUrls(), urls -> new CacheUploader(urls, token));
  }
}
