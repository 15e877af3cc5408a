package dev.whirlwind.protocol.tracker;

import java.util.List;

/**
 * One registered content as {@code GET /v1/registrations} lists it: what the operator registered,
 * whether a cache has published the verified record yet, and the renditions recorded for it. One
 * read per shard tells the operator everything it needs of the shard's videos.
 *
 * @param published whether a cache has published the content's record (torrents can be served)
 * @param renditions the renditions recorded with this content as their source
 */
public record RegisteredContent(
    String contentId,
    ContentRegistration registration,
    boolean published,
    List<RenditionRecord> renditions) {
  public RegisteredContent {
    renditions = renditions == null ? List.of() : List.copyOf(renditions);
  }
}
