package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.Shards;
import java.util.List;

/**
 * A content's client URLs, all at the tracker shard that owns it: its documents, and redirects to
 * the best cache holding it, for the file and (HLS renditions) for the playlist.
 */
final class ContentUrls {
  static final String ID = "{contentId}";
  static final String SHARD = "{ownerShard}";

  private final List<String> shardUrls;

  ContentUrls(List<String> shardUrls) {
    this.shardUrls = shardUrls;
  }

  ClientUrls of(String contentId, boolean hls) {
    String shard = shardUrls.get(Shards.of(new ContentId(contentId), shardUrls.size()));
    return new ClientUrls(
        shard + "/v1/contents/" + contentId + ".torrent",
        shard + "/v1/contents/" + contentId + ".meta4",
        shard + "/r/" + contentId,
        hls ? shard + "/r/" + contentId + ".m3u8" : null);
  }

  /**
   * URLs with placeholders: {@code {ownerShard}} is {@code status.trackers[hash(contentId) mod
   * shards]} (the first 8 bytes of the id, unsigned).
   */
  ClientUrls templates() {
    return new ClientUrls(
        SHARD + "/v1/contents/" + ID + ".torrent",
        SHARD + "/v1/contents/" + ID + ".meta4",
        SHARD + "/r/" + ID,
        SHARD + "/r/" + ID + ".m3u8");
  }
}
