package dev.whirlwind.tracker.swarm;

/**
 * Receives the peers an announce hands out, straight from the swarm's packed records, so a UDP
 * reply is written without building peer objects first. Called under the swarm's lock: keep it
 * short and never block.
 */
@FunctionalInterface
public interface PeerSink {
  /**
   * Offers one peer.
   *
   * @param high first 8 bytes of an IPv6 address (unused for IPv4)
   * @param low last 8 bytes of an IPv6 address, or the IPv4 address in the low 32 bits
   * @param peerIds the array holding the peer's id at {@code idOffset}, 20 bytes
   * @return whether the peer was taken; only taken peers count towards numwant
   */
  boolean offer(boolean ipv4, long high, long low, int port, byte[] peerIds, int idOffset);
}
