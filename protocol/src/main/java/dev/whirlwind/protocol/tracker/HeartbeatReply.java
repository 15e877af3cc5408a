package dev.whirlwind.protocol.tracker;

import java.util.List;

/**
 * The tracker's answer to a heartbeat.
 *
 * @param missingRecords contents the cache holds whose records this tracker lacks (after a
 *     restart); the cache publishes them again
 * @param heartbeatIntervalSeconds when to send the next heartbeat
 * @param missingHlsIndexes HLS renditions the cache holds without their fragment index, which this
 *     tracker's record carries: the cache fetches it, so that it serves their playlists too
 */
public record HeartbeatReply(
    List<String> missingRecords, int heartbeatIntervalSeconds, List<String> missingHlsIndexes) {
  public HeartbeatReply {
    missingRecords = missingRecords == null ? List.of() : List.copyOf(missingRecords);
    missingHlsIndexes = missingHlsIndexes == null ? List.of() : List.copyOf(missingHlsIndexes);
  }
}
