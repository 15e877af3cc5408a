package dev.whirlwind.protocol.tracker;

import java.util.List;
import java.util.Map;

/**
 * A cache's registration and heartbeat: {@code PUT /v1/caches/{cacheId}} (admin API), every
 * heartbeat interval. A cache that misses three is dropped from every hand-out.
 *
 * @param baseUrl where clients reach this cache, e.g. {@code
 *     http://edge-cache-0.edge-cache-nodes:8080}
 * @param contents ids of the contents it holds whole and verified
 * @param capacityBytes storage capacity
 * @param freeBytes free storage
 * @param bandwidthBytesPerSecond its upload cap
 * @param uploadBytesPerSecond current upload rate per content id
 * @param plainHttpBytes bytes served per content id since the last heartbeat to clients that never
 *     announce, so the scheduler's download rate is not blind to them
 * @param digest SHA-256 over the sorted ids of the contents whose records it published; a tracker
 *     that does not know them all asks the cache to publish again
 * @param hlsIndexes ids of the contents it holds with an HLS fragment index (it serves their
 *     playlists); the tracker names HLS renditions it holds without one
 * @param clientUrl where clients the tracker answers on its client port reach this cache, when not
 *     at {@code baseUrl} (clients outside a cluster); null when they use {@code baseUrl}
 */
public record CacheHeartbeat(
    String baseUrl,
    List<String> contents,
    long capacityBytes,
    long freeBytes,
    long bandwidthBytesPerSecond,
    Map<String, Long> uploadBytesPerSecond,
    Map<String, Long> plainHttpBytes,
    String digest,
    List<String> hlsIndexes,
    String clientUrl) {

  public CacheHeartbeat {
    hlsIndexes = hlsIndexes == null ? List.of() : List.copyOf(hlsIndexes);
    clientUrl = clientUrl == null || clientUrl.isBlank() ? null : clientUrl;
  }

  /** The URL clients get: {@code clientUrl}, or {@code baseUrl} without one. */
  public String clientBaseUrl() {
    return clientUrl == null ? baseUrl : clientUrl;
  }

  /** A heartbeat of a cache that holds no HLS index, its clients reaching it at {@code baseUrl}. */
  public CacheHeartbeat(
      String baseUrl,
      List<String> contents,
      long capacityBytes,
      long freeBytes,
      long bandwidthBytesPerSecond,
      Map<String, Long> uploadBytesPerSecond,
      Map<String, Long> plainHttpBytes,
      String digest) {
    this(
        baseUrl,
        contents,
        capacityBytes,
        freeBytes,
        bandwidthBytesPerSecond,
        uploadBytesPerSecond,
        plainHttpBytes,
        digest,
        List.of(),
        null);
  }
}
