package dev.whirlwind.protocol.cache;

import java.util.List;

/**
 * A download's progress: {@code GET /v1/downloads/{orderId}}.
 *
 * @param state {@code Queued}, {@code Downloading}, {@code Verifying}, {@code Completed} or {@code
 *     Failed}
 * @param reason why it failed or what it is waiting for, or null
 * @param sources bytes and failures per source; a penalised source sent wrong bytes
 */
public record DownloadStatus(
    String orderId,
    String state,
    String contentId,
    long sizeBytes,
    long bytesDone,
    long rateBytesPerSecond,
    long etaSeconds,
    String reason,
    List<Source> sources) {
  /** One source of a download. */
  public record Source(String url, long bytes, int failures, boolean penalised, String lastError) {}
}
