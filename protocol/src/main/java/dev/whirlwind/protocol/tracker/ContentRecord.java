package dev.whirlwind.protocol.tracker;

import java.util.List;

/**
 * What a cache publishes about a content once it has verified the bytes: {@code PUT
 * /v1/contents/{contentId}} on the owning tracker shard (admin API).
 *
 * @param contentId lowercase hex SHA-256 of the bytes
 * @param sizeBytes length in bytes
 * @param extension file extension from the container ({@code mp4}, {@code mkv}, {@code bin})
 * @param contentType media type the caches serve it with
 * @param pieces base64 of the concatenated SHA-1 piece hashes for the canonical piece length
 * @param probeHash the quick probe hash (first, middle and last MiB)
 * @param urls origin URLs whose bytes were verified to be this content
 * @param hls the fragment index of an HLS rendition, or null: any cache holding the content can
 *     then serve its playlist
 */
public record ContentRecord(
    String contentId,
    long sizeBytes,
    String extension,
    String contentType,
    String pieces,
    String probeHash,
    List<String> urls,
    dev.whirlwind.protocol.transcode.HlsIndex hls) {

  /** A record of a content that is not an HLS rendition. */
  public ContentRecord(
      String contentId,
      long sizeBytes,
      String extension,
      String contentType,
      String pieces,
      String probeHash,
      List<String> urls) {
    this(contentId, sizeBytes, extension, contentType, pieces, probeHash, urls, null);
  }
}
