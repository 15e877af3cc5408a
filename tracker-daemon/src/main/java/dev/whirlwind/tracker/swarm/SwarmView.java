package dev.whirlwind.tracker.swarm;

import java.util.List;

/**
 * What an announce gets back: the swarm's counts and a random sample of other peers.
 *
 * @param peers addresses of the sample
 * @param peerIds their peer ids, in the same order
 */
public record SwarmView(
    int seeders, int leechers, long completions, List<PeerAddress> peers, List<byte[]> peerIds) {}
