package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * A cloud download order: {@code POST /v1/downloads} on a cache (admin API). The cache fetches the
 * content itself, ranged and in parallel from every URL and from every cache the trackers know to
 * hold it, verifies it and publishes it.
 *
 * @param urls origins and third-party mirrors that serve the same bytes; may be empty when {@code
 *     cacheUrls} names the sources
 * @param sha256 expected content id, or null to accept whatever the sources agree on
 * @param sizeBytes expected size, or 0 when unknown
 * @param contentType media type to serve it with, or null for the origin's
 * @param extension container extension for the torrent name, or null for {@code bin}
 * @param pin keep the content through eviction (it stays until deleted or unpinned)
 * @param pieces base64 of the concatenated SHA-1 piece hashes (canonical piece length) when known,
 *     or null: each piece is then verified as it lands and a source that sent a bad one is
 *     penalised at once; requires {@code sizeBytes}
 * @param key the orderer's idempotency key, or null: an order whose key the cache already knows is
 *     not started again while it is queued, running or completed with its content still stored; the
 *     known order's status is the answer
 * @param cacheUrls content URLs on other caches of the cluster ({@code .../c/{id}}): trusted as
 *     sources although their addresses are private, as the caches the trackers list are, since only
 *     an admin-token holder (the operator) can name them
 */
public record DownloadOrder(
    List<String> urls,
    String sha256,
    long sizeBytes,
    String contentType,
    String extension,
    boolean pin,
    String pieces,
    String key,
    List<String> cacheUrls) {

  /** Longest idempotency key accepted. */
  public static final int MAX_KEY_LENGTH = 256;

  public DownloadOrder {
    if ((urls != null && urls.stream().anyMatch(java.util.Objects::isNull))
        || (cacheUrls != null && cacheUrls.stream().anyMatch(java.util.Objects::isNull))) {
      throw new IllegalArgumentException("urls and cacheUrls must not hold null");
    }
    urls = urls == null ? List.of() : List.copyOf(urls);
    cacheUrls = cacheUrls == null ? List.of() : List.copyOf(cacheUrls);
  }

  /** An order without a key or cluster sources. */
  public DownloadOrder(
      List<String> urls,
      String sha256,
      long sizeBytes,
      String contentType,
      String extension,
      boolean pin,
      String pieces) {
    this(urls, sha256, sizeBytes, contentType, extension, pin, pieces, null, null);
  }

  /** An order whose content may be evicted like any other. */
  public DownloadOrder(
      List<String> urls, String sha256, long sizeBytes, String contentType, String extension) {
    this(urls, sha256, sizeBytes, contentType, extension, false, null);
  }

  /** Every source: the trusted cluster caches first, then the origins and mirrors. */
  public List<String> allUrls() {
    List<String> all = new java.util.ArrayList<>(cacheUrls);
    for (String u : urls) {
      if (!all.contains(u)) {
        all.add(u);
      }
    }
    return all;
  }
}
