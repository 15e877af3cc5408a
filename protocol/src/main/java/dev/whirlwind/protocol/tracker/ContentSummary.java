package dev.whirlwind.protocol.tracker;

/**
 * {@code GET /v1/contents/{id}} on a tracker: what it knows of a published content.
 *
 * @param pieces base64 of the concatenated SHA-1 piece hashes (canonical piece length)
 * @param hls the fragment index of an HLS rendition, or null
 */
public record ContentSummary(
    String contentId,
    long sizeBytes,
    String infoHash,
    String name,
    String contentType,
    String pieces,
    dev.whirlwind.protocol.transcode.HlsIndex hls) {}
