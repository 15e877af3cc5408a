package dev.whirlwind.operator.catalog;

import dev.whirlwind.protocol.cache.DownloadOrder;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import dev.whirlwind.protocol.transcode.TranscodeJobRequest;

/**
 * One idempotent call the plan asks for: sending it twice is sending it once (keyed orders, jobs
 * keyed by source and profile, PUTs and DELETEs), so a restarted operator may safely repeat it.
 */
public sealed interface CatalogAction {
  /** A download order to one cache: from the origins, or cache-to-cache. */
  record Download(int cache, DownloadOrder order) implements CatalogAction {}

  /** A transcode job for one transcoder of a profile. */
  record Transcode(String profile, String transcoderUrl, TranscodeJobRequest request)
      implements CatalogAction {}

  /** A video registered with the shard that owns its content. */
  record Register(int shard, String contentId, ContentRegistration registration)
      implements CatalogAction {}

  record Pin(int cache, String contentId, boolean pinned) implements CatalogAction {}

  /** A content of a removed video deleted from one cache. */
  record Delete(int cache, String contentId) implements CatalogAction {}

  /** An unfinished order of a removed (or re-sourced) video stopped. */
  record Cancel(int cache, String orderId) implements CatalogAction {}

  /** A removed video's content forgotten by the shard that owns it. */
  record Purge(int shard, String contentId) implements CatalogAction {}
}
