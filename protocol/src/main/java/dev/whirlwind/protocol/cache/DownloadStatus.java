package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * A download's progress: {@code GET /v1/downloads/{orderId}}, and each entry of {@code GET
 * /v1/downloads}.
 *
 * @param key the order's idempotency key, or null
 * @param reason why it failed or what it is waiting for, or null
 * @param sources bytes and failures per source; a penalised source sent wrong bytes
 * @param submittedAt when the order was accepted (RFC 3339, UTC), or null for older records
 * @param finishedAt when it completed, failed or was cancelled, or null
 */
public record DownloadStatus(
    String orderId,
    DownloadState state,
    String contentId,
    long sizeBytes,
    long bytesDone,
    long rateBytesPerSecond,
    long etaSeconds,
    String reason,
    List<Source> sources,
    String key,
    String submittedAt,
    String finishedAt) {
  /** One source of a download. */
  public record Source(String url, long bytes, int failures, boolean penalised, String lastError) {}

  public DownloadStatus {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }
}
