package dev.whirlwind.tracker.swarm;

/** A peer as its swarm last saw it; guarded by the swarm's lock. */
final class Peer {
  final PeerAddress address;
  byte[] peerId;
  String key;
  long uploaded;
  long downloaded;
  long left;
  long lastSeenMillis;

  Peer(PeerAddress address) {
    this.address = address;
  }

  boolean isSeeder() {
    return left == 0;
  }
}
