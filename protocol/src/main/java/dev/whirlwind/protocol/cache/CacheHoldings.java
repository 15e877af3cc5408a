package dev.whirlwind.protocol.cache;

import java.util.List;
import java.util.Map;

/**
 * Everything the operator needs of one cache in one read: {@code GET /v1/holdings} (admin API). The
 * catalog driver plans orders from the contents and downloads; the scheduler takes the load.
 *
 * @param cacheId the name this cache registers with the trackers under
 * @param ready whether it serves and takes orders (false while it starts or drains)
 * @param capacityBytes storage it may use, 0 for its file system's size
 * @param servedBytes bytes sent to clients since start, all contents together
 * @param contents what it holds whole and verified
 * @param downloads orders it knows: every unfinished one and the most recent finished ones
 * @param shares the per-content rates the scheduler set, bytes per second
 */
public record CacheHoldings(
    String cacheId,
    String baseUrl,
    boolean ready,
    long capacityBytes,
    long usedBytes,
    long bandwidthBytesPerSecond,
    long servedBytes,
    List<HeldContent> contents,
    List<DownloadStatus> downloads,
    Map<String, Long> shares) {
  public CacheHoldings {
    contents = contents == null ? List.of() : List.copyOf(contents);
    downloads = downloads == null ? List.of() : List.copyOf(downloads);
    shares = shares == null ? Map.of() : Map.copyOf(shares);
  }
}
