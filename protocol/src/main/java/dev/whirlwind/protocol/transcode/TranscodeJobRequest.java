package dev.whirlwind.protocol.transcode;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code POST /v1/jobs} on a transcoder (admin API).
 *
 * @param sourceContentId content id of the source video
 * @param profile what to make of it
 * @param acceptClosest answer with the closest existing rendition of the source (same codec and
 *     container, nearest size) instead of transcoding, when there is one
 * @param trackerUrls the shards of the catalog the source belongs to, in shard order: where this
 *     job claims its key, finds its source and records its rendition; empty for the daemon's own
 *     {@code trackerUrls}. One transcoder thus serves every catalog that names its profile.
 * @param cacheUrls caches to store the rendition into, tried in order; empty for the daemon's own
 *     {@code cacheUrls}
 */
public record TranscodeJobRequest(
    String sourceContentId,
    RenditionProfile profile,
    boolean acceptClosest,
    List<String> trackerUrls,
    List<String> cacheUrls) {

  public TranscodeJobRequest {
    trackerUrls = trackerUrls == null ? List.of() : List.copyOf(trackerUrls);
    cacheUrls = cacheUrls == null ? List.of() : List.copyOf(cacheUrls);
  }

  /**
   * The same job with its trackers and caches named by {@code adminAddress} of their URLs: the
   * transcoder uses their admin APIs, which may answer on ports of their own.
   */
  public TranscodeJobRequest withAdminAddresses(UnaryOperator<String> adminAddress) {
    return new TranscodeJobRequest(
        sourceContentId,
        profile,
        acceptClosest,
        trackerUrls.stream().map(adminAddress).toList(),
        cacheUrls.stream().map(adminAddress).toList());
  }

  /** A job that uses the daemon's own trackers and caches. */
  public TranscodeJobRequest(
      String sourceContentId, RenditionProfile profile, boolean acceptClosest) {
    this(sourceContentId, profile, acceptClosest, List.of(), List.of());
  }
}
