package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;

/**
 * One announce, from HTTP or UDP, already validated.
 *
 * @param peerId 20 raw bytes
 * @param key the client's key, or null
 * @param numwant peers wanted, already capped
 */
public record Announce(
    InfoHash infoHash,
    byte[] peerId,
    PeerAddress address,
    long uploaded,
    long downloaded,
    long left,
    AnnounceEvent event,
    String key,
    int numwant) {}
