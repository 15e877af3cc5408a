package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * A cloud download order: {@code POST /v1/downloads} on a cache (admin API). The cache fetches the
 * content itself, ranged and in parallel from every URL and from every cache the trackers know to
 * hold it, verifies it and publishes it.
 *
 * @param urls origins, third-party mirrors and other caches that serve the same bytes
 * @param sha256 expected content id, or null to accept whatever the sources agree on
 * @param sizeBytes expected size, or 0 when unknown
 * @param contentType media type to serve it with, or null for the origin's
 * @param extension container extension for the torrent name, or null for {@code bin}
 * @param pin keep the content through eviction (it stays until deleted or unpinned)
 * @param pieces base64 of the concatenated SHA-1 piece hashes (canonical piece length) when known,
 *     or null: each piece is then verified as it lands and a source that sent a bad one is
 *     penalised at once; requires {@code sizeBytes}
 */
public record DownloadOrder(
    List<String> urls,
    String sha256,
    long sizeBytes,
    String contentType,
    String extension,
    boolean pin,
    String pieces) {

  /** An order whose content may be evicted like any other. */
  public DownloadOrder(
      List<String> urls, String sha256, long sizeBytes, String contentType, String extension) {
    this(urls, sha256, sizeBytes, contentType, extension, false, null);
  }
}
