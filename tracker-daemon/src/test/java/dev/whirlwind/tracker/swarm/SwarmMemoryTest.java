package dev.whirlwind.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.testing.ManualClock;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Holds the per-entry costs docs/TRACKER.md states: the registry filled to its caps, the heap read
 * after a full collection. The bounds are what the documentation promises an operator sizing a
 * tracker's memory; the measured values are printed for the docs.
 */
class SwarmMemoryTest {
  static final long BYTES_PER_SWARM_BOUND = 1024;
  static final long BYTES_PER_PEER_BOUND = 256;

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  private static Announce announce(InfoHash h, int peer) throws Exception {
    byte[] ip = {10, (byte) (peer >> 16), (byte) (peer >> 8), (byte) peer};
    byte[] id = new byte[20];
    id[0] = (byte) (peer >> 16);
    id[1] = (byte) (peer >> 8);
    id[2] = (byte) peer;
    return new Announce(
        h,
        id,
        PeerAddress.of(InetAddress.getByAddress(ip), 6881),
        0,
        0,
        1,
        AnnounceEvent.STARTED,
        null,
        0);
  }

  @Test
  void aSwarmAndAPeerCostNoMoreThanTheDocumentedBytes() throws Exception {
    int swarms = 50_000;
    int peers = 200_000;
    SwarmRegistry registry = new SwarmRegistry(new ManualClock(), 300, 2, swarms, peers + swarms);
    long before = usedHeap();
    for (int s = 0; s < swarms; s++) {
      registry.announce(announce(SwarmBoundsTest.hash(s), 1));
    }
    long afterSwarms = usedHeap();
    InfoHash big = SwarmBoundsTest.hash(0);
    for (int p = 2; p < peers + 2; p++) {
      registry.announce(announce(big, p));
    }
    long afterPeers = usedHeap();
    assertThat(registry.swarmCount()).isEqualTo(swarms);
    assertThat(registry.peerCount()).isEqualTo(swarms + peers);

    long perSwarm = (afterSwarms - before) / swarms;
    long perPeer = (afterPeers - afterSwarms) / peers;
    System.out.printf(
        "tracker memory: %d bytes per swarm (with one peer), %d bytes per further peer%n",
        perSwarm, perPeer);
    assertThat(perSwarm).isPositive().isLessThanOrEqualTo(BYTES_PER_SWARM_BOUND);
    assertThat(perPeer).isPositive().isLessThanOrEqualTo(BYTES_PER_PEER_BOUND);
  }
}
