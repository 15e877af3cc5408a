package dev.whirlwind.protocol.tracker;

import java.util.List;

/** {@code GET /v1/contents/{id}/sources} on a tracker. */
public record SourceReport(
    String contentId, long sizeBytes, String infoHash, List<SourceInfo> sources) {}
