package dev.whirlwind.protocol.tracker;

/** {@code GET /v1/contents/{id}} on a tracker: what it knows of a published content. */
public record ContentSummary(
    String contentId, long sizeBytes, String infoHash, String name, String contentType) {}
