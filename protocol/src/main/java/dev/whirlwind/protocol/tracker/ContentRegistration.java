package dev.whirlwind.protocol.tracker;

import java.util.List;

/**
 * A catalog's video as the operator registers it with the tracker shard that owns its content:
 * {@code PUT /v1/contents/{contentId}/registration} (admin API). The operator sends it again
 * whenever the shard's listing lacks it or differs (trackers rebuild their state rather than store
 * it), and a purge ({@code DELETE /v1/contents/{contentId}}) takes it away.
 *
 * @param catalog {@code namespace/name} of the VideoCatalog
 * @param videoIds the catalog's ids of the videos with these bytes (usually one)
 * @param title for display, or null
 * @param sources origin URLs the caches download from (never handed to clients)
 * @param mirrors third-party mirrors, handed to clients within their extra-load bound
 * @param sizeBytes the size the catalog expects, or 0 when it names none
 */
public record ContentRegistration(
    String catalog,
    List<String> videoIds,
    String title,
    List<String> sources,
    List<String> mirrors,
    long sizeBytes) {
  public ContentRegistration {
    videoIds = videoIds == null ? List.of() : List.copyOf(videoIds);
    sources = sources == null ? List.of() : List.copyOf(sources);
    mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
  }
}
