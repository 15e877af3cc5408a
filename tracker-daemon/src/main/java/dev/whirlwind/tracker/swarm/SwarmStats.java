package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;

/**
 * Measurements of one swarm for the bandwidth scheduler.
 *
 * @param arrivals peers that joined since the tracker started
 * @param completions {@code completed} events since the tracker started
 * @param downloadedBytes sum of the positive deltas of announced {@code downloaded}
 * @param uploadedBytes sum of the positive deltas of announced {@code uploaded}
 * @param downloadBytesPerSecond download rate over the last sampling window
 * @param uploadBytesPerSecond upload rate over the last sampling window
 * @param arrivalsPerSecond arrival rate over the last sampling window
 */
public record SwarmStats(
    InfoHash infoHash,
    int seeders,
    int leechers,
    long arrivals,
    long completions,
    long downloadedBytes,
    long uploadedBytes,
    double downloadBytesPerSecond,
    double uploadBytesPerSecond,
    double arrivalsPerSecond) {}
