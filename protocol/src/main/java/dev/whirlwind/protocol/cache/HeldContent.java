package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * One content a cache holds whole and verified, as {@code GET /v1/holdings} lists it.
 *
 * @param urls the origin URLs whose bytes were verified to be this content
 * @param servedBytes bytes of it this cache has sent to clients since the daemon started: the
 *     scheduler takes the difference between two readings as the content's cloud bandwidth S_i
 */
public record HeldContent(
    String contentId, long sizeBytes, boolean pinned, List<String> urls, long servedBytes) {
  public HeldContent {
    urls = urls == null ? List.of() : List.copyOf(urls);
  }
}
