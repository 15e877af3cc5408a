package dev.whirlwind.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PeerTableTest {

  /**
   * Seeded random adds and removals checked against a HashMap after every step: the index's
   * backward-shift deletion and the swap-remove renumbering must never lose or misplace a peer.
   */
  @Test
  void matchesAMapThroughRandomAddsAndRemovals() throws Exception {
    Random random = new Random(42);
    PeerTable table = new PeerTable();
    Map<PeerAddress, Long> model = new HashMap<>();
    List<PeerAddress> universe = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Few IPs and ports so that probe chains collide and wrap.
      String ip = i % 3 == 0 ? "2001:db8::" + (i % 7) : "10.0.0." + (i % 5);
      universe.add(PeerAddress.of(InetAddress.getByName(ip), 1 + i));
    }
    for (int step = 0; step < 20_000; step++) {
      PeerAddress a = universe.get(random.nextInt(universe.size()));
      int r = table.find(a);
      assertThat(r >= 0).as("present %s at step %d", a, step).isEqualTo(model.containsKey(a));
      if (r < 0) {
        r = table.add(a);
        long left = random.nextInt(3);
        table.setTransfer(r, step, step * 2L, left);
        model.put(a, (long) step);
      } else {
        assertThat(table.uploaded(r)).isEqualTo(model.get(a));
        if (random.nextInt(3) > 0) {
          table.remove(r);
          model.remove(a);
        }
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (int r = 0; r < table.size(); r++) {
      PeerAddress a = table.address(r);
      assertThat(table.find(a)).isEqualTo(r);
      assertThat(table.uploaded(r)).isEqualTo(model.get(a));
      assertThat(a.isIpv4()).isEqualTo(table.isIpv4(r));
    }
  }

  @Test
  void anIpv6AddressThatLooksLikeAnIpv4RecordIsADifferentPeer() throws Exception {
    PeerTable table = new PeerTable();
    PeerAddress v4 = PeerAddress.of(InetAddress.getByName("0.0.0.1"), 80);
    // High 64 bits all ones, low 64 bits equal to the IPv4 address as a number.
    PeerAddress v6 = PeerAddress.of(InetAddress.getByName("ffff:ffff:ffff:ffff::1"), 80);
    int r4 = table.add(v4);
    assertThat(table.find(v6)).isEqualTo(-1);
    int r6 = table.add(v6);
    assertThat(r6).isNotEqualTo(r4);
    assertThat(table.address(r6)).isEqualTo(v6);
    assertThat(table.address(r4)).isEqualTo(v4);
  }

  @Test
  void peerIdsFollowTheirRecordWhenTheLastMovesIntoAHole() throws Exception {
    PeerTable table = new PeerTable();
    byte[] idA = new byte[20];
    byte[] idB = new byte[20];
    idB[19] = 7;
    int a = table.add(PeerAddress.of(InetAddress.getByName("10.0.0.1"), 1));
    table.setSeen(a, 1, 0, idA);
    int b = table.add(PeerAddress.of(InetAddress.getByName("10.0.0.2"), 2));
    table.setSeen(b, 2, 0, idB);
    table.remove(a);
    int moved = table.find(PeerAddress.of(InetAddress.getByName("10.0.0.2"), 2));
    assertThat(moved).isZero();
    assertThat(table.peerIdEquals(moved, idB)).isTrue();
    assertThat(table.lastSeen(moved)).isEqualTo(2);
  }
}
