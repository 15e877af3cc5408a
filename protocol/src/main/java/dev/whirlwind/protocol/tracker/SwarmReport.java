package dev.whirlwind.protocol.tracker;

/**
 * One swarm as {@code GET /v1/swarms} reports it to the scheduler. Rates are over the tracker's
 * last sampling window (half an announce interval); totals count since the tracker started.
 *
 * @param contentId the content, or null for an info-hash no cache has published
 * @param downloadBytesPerSecond inferred from announced {@code downloaded} deltas, plus bytes
 *     caches served to clients that never announce (browsers among them); in a browser swarm, the
 *     bytes its players reported receiving from each other
 * @param network {@value #BITTORRENT} for a swarm of the HTTP/UDP tracker, {@value #WEBRTC} for
 *     browsers on the WebSocket tracker; null for a sum over both
 */
public record SwarmReport(
    String infoHash,
    String contentId,
    int seeders,
    int leechers,
    long arrivals,
    long completions,
    double arrivalsPerSecond,
    double downloadBytesPerSecond,
    double uploadBytesPerSecond,
    long downloadedBytes,
    long uploadedBytes,
    String network) {
  public static final String BITTORRENT = "bittorrent";
  public static final String WEBRTC = "webrtc";
}
