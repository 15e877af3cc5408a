package dev.whirlwind.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.announce.AnnounceRejected;
import dev.whirlwind.tracker.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caps on swarms and peers: refusals that say why, idle swarms evicted first. */
class SwarmBoundsTest {
  private final ManualClock clock = new ManualClock();

  static InfoHash hash(int n) {
    byte[] h = new byte[20];
    h[0] = (byte) (n >> 24);
    h[1] = (byte) (n >> 16);
    h[2] = (byte) (n >> 8);
    h[3] = (byte) n;
    h[19] = 1;
    return InfoHash.of(h);
  }

  static Announce announce(InfoHash h, int peer, AnnounceEvent event) throws Exception {
    byte[] id = new byte[20];
    id[0] = (byte) (peer >> 8);
    id[1] = (byte) peer;
    return new Announce(
        h,
        id,
        PeerAddress.of(
            InetAddress.getByName("10.0." + (peer >> 8 & 255) + "." + (peer & 255)), 6881),
        0,
        0,
        100,
        event,
        null,
        50);
  }

  @Test
  void newSwarmsPastTheCapAreRefusedUntilAnIdleOneCanBeEvicted() throws Exception {
    SwarmRegistry registry = new SwarmRegistry(clock, 300, 2, 3, 1000);
    for (int i = 0; i < 3; i++) {
      registry.announce(announce(hash(i), 1, AnnounceEvent.STARTED));
    }
    assertThatThrownBy(() -> registry.announce(announce(hash(3), 1, AnnounceEvent.STARTED)))
        .isInstanceOf(AnnounceRejected.class)
        .hasMessage("tracker is full: it tracks its maximum of 3 swarms; try again later");
    assertThat(registry.refusedSwarms()).isEqualTo(1);
    // Swarms already tracked are served as before.
    assertThat(registry.announce(announce(hash(0), 2, AnnounceEvent.STARTED)).leechers())
        .isEqualTo(2);

    // Swarm 1 loses its peer; once a sweep has seen it empty, it makes room.
    registry.announce(announce(hash(1), 1, AnnounceEvent.STOPPED));
    clock.advance(Duration.ofSeconds(1));
    registry.sweep();
    registry.announce(announce(hash(3), 1, AnnounceEvent.STARTED));
    assertThat(registry.swarmCount()).isEqualTo(3);
    assertThat(registry.evictedSwarms()).isEqualTo(1);
    assertThat(registry.stats(hash(1))).isNull();
    assertThat(registry.stats(hash(0))).isNotNull();
  }

  @Test
  void aStoppedAnnounceForAnUnknownSwarmMakesNoSwarm() throws Exception {
    SwarmRegistry registry = new SwarmRegistry(clock, 300, 2, 3, 1000);
    registry.announce(announce(hash(7), 1, AnnounceEvent.STOPPED));
    assertThat(registry.swarmCount()).isZero();
  }

  @Test
  void newPeersPastThePeerCapAreRefusedAndLeavingPeersGiveTheirRoomBack() throws Exception {
    SwarmRegistry registry = new SwarmRegistry(clock, 300, 2, 100, 2);
    registry.announce(announce(hash(0), 1, AnnounceEvent.STARTED));
    registry.announce(announce(hash(1), 2, AnnounceEvent.STARTED));
    assertThatThrownBy(() -> registry.announce(announce(hash(0), 3, AnnounceEvent.STARTED)))
        .isInstanceOf(AnnounceRejected.class)
        .hasMessageContaining("maximum of 2 peers");
    // A known peer re-announces freely.
    registry.announce(announce(hash(0), 1, AnnounceEvent.NONE));
    registry.announce(announce(hash(1), 2, AnnounceEvent.STOPPED));
    assertThat(registry.peerCount()).isEqualTo(1);
    assertThat(registry.announce(announce(hash(0), 3, AnnounceEvent.STARTED)).leechers())
        .isEqualTo(2);
    // Expiry gives room back too.
    clock.advance(Duration.ofSeconds(3 * 300 + 1));
    registry.sweep();
    assertThat(registry.peerCount()).isZero();
  }

  @Test
  void busiestListsPreferredSwarmsFirstThenByPeersAndNoMoreThanAsked() throws Exception {
    SwarmRegistry registry = new SwarmRegistry(clock, 300, 2, 100, 1000);
    for (int s = 0; s < 10; s++) {
      for (int p = 0; p <= s; p++) {
        registry.announce(announce(hash(s), p, AnnounceEvent.STARTED));
      }
    }
    InfoHash catalog = hash(2);
    List<SwarmStats> top = registry.busiest(3, h -> h.equals(catalog));
    assertThat(top).extracting(SwarmStats::infoHash).containsExactly(hash(2), hash(9), hash(8));
  }
}
