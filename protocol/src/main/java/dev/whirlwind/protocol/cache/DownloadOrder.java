package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * A cloud download order: {@code POST /v1/downloads} on a cache (admin API). The cache fetches the
 * content itself, ranged and in parallel from every URL, verifies it and publishes it.
 *
 * @param urls origins, third-party mirrors and other caches that serve the same bytes
 * @param sha256 expected content id, or null to accept whatever the sources agree on
 * @param sizeBytes expected size, or 0 when unknown
 * @param contentType media type to serve it with, or null for the origin's
 * @param extension container extension for the torrent name, or null for {@code bin}
 */
public record DownloadOrder(
    List<String> urls, String sha256, long sizeBytes, String contentType, String extension) {}
