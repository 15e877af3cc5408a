package dev.whirlwind.tracker.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SwarmRegistryTest {
  static final InfoHash HASH = InfoHash.of(new byte[20]);

  private final ManualClock clock = new ManualClock();
  private final SwarmRegistry registry = new SwarmRegistry(clock, 300, 2, 1000, 100_000);

  static byte[] peerId(int n) {
    byte[] id = new byte[20];
    Arrays.fill(id, (byte) n);
    return id;
  }

  static Announce announce(String ip, int port, long left, AnnounceEvent event) throws Exception {
    return announce(ip, port, left, event, 0, 0, null);
  }

  static Announce announce(
      String ip, int port, long left, AnnounceEvent event, long up, long down, String key)
      throws Exception {
    return new Announce(
        HASH,
        peerId(port % 100),
        PeerAddress.of(InetAddress.getByName(ip), port),
        up,
        down,
        left,
        event,
        key,
        50);
  }

  @Test
  void peersOnOneIpWithDifferentPortsAreDistinct() throws Exception {
    registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STARTED));
    SwarmView v = registry.announce(announce("10.0.0.1", 6882, 100, AnnounceEvent.STARTED));
    assertThat(v.leechers()).isEqualTo(2);
    assertThat(v.peers()).extracting(PeerAddress::port).containsExactly(6881);
  }

  @Test
  void reannouncingUpdatesInsteadOfDuplicatingAndCountsSeeders() throws Exception {
    registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STARTED));
    registry.announce(announce("10.0.0.2", 6881, 0, AnnounceEvent.STARTED));
    SwarmView v = registry.announce(announce("10.0.0.1", 6881, 0, AnnounceEvent.COMPLETED));
    assertThat(v.seeders()).isEqualTo(2);
    assertThat(v.leechers()).isZero();
    assertThat(v.completions()).isEqualTo(1);
    assertThat(registry.scrape(HASH)).containsExactly(2, 0, 1);
  }

  @Test
  void aSeederIsGivenLeechersOnly() throws Exception {
    registry.announce(announce("10.0.0.1", 1, 0, AnnounceEvent.STARTED));
    registry.announce(announce("10.0.0.2", 2, 0, AnnounceEvent.STARTED));
    registry.announce(announce("10.0.0.3", 3, 50, AnnounceEvent.STARTED));
    SwarmView v = registry.announce(announce("10.0.0.1", 1, 0, AnnounceEvent.NONE));
    assertThat(v.peers()).extracting(PeerAddress::port).containsExactly(3);
    SwarmView leecher = registry.announce(announce("10.0.0.3", 3, 50, AnnounceEvent.NONE));
    assertThat(leecher.peers()).extracting(PeerAddress::port).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void numwantCapsTheSampleWhichNeverHoldsTheRequester() throws Exception {
    for (int port = 1; port <= 120; port++) {
      registry.announce(announce("10.0.1.1", port, 10, AnnounceEvent.STARTED));
    }
    Announce me =
        new Announce(
            HASH,
            peerId(7),
            PeerAddress.of(InetAddress.getByName("10.0.1.1"), 7),
            0,
            0,
            10,
            AnnounceEvent.NONE,
            null,
            30);
    SwarmView v = registry.announce(me);
    assertThat(v.peers()).hasSize(30).doesNotContain(me.address());
    assertThat(v.peers()).doesNotHaveDuplicates();
  }

  @Test
  void stoppedRemovesThePeer() throws Exception {
    registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STARTED));
    SwarmView v = registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STOPPED));
    assertThat(v.leechers()).isZero();
    assertThat(v.peers()).isEmpty();
  }

  @Test
  void peersExpireAfterMissedIntervalsButNotBefore() throws Exception {
    registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STARTED));
    clock.advance(Duration.ofSeconds(2 * 300));
    registry.announce(announce("10.0.0.2", 6881, 100, AnnounceEvent.STARTED));
    assertThat(registry.sweep()).isZero();
    clock.advance(Duration.ofSeconds(301));
    assertThat(registry.sweep()).isEqualTo(1);
    assertThat(registry.scrape(HASH)).containsExactly(0, 1, 0);
  }

  @Test
  void aKeyLetsAPeerMoveToANewAddress() throws Exception {
    registry.announce(announce("10.0.0.1", 6881, 100, AnnounceEvent.STARTED, 0, 0, "k1"));
    SwarmView v =
        registry.announce(announce("10.0.0.9", 6881, 100, AnnounceEvent.NONE, 0, 0, "k1"));
    assertThat(v.leechers()).isEqualTo(1);
    assertThat(registry.stats(HASH).arrivals()).isEqualTo(1);
  }

  @Test
  void ratesComeFromAnnouncedDeltas() throws Exception {
    registry.announce(announce("10.0.0.1", 1, 1000, AnnounceEvent.STARTED, 0, 500, null));
    registry.announce(announce("10.0.0.2", 2, 0, AnnounceEvent.STARTED, 200, 0, null));
    registry.sweep();
    clock.advance(Duration.ofSeconds(100));
    registry.announce(announce("10.0.0.1", 1, 0, AnnounceEvent.COMPLETED, 0, 10_500, null));
    registry.announce(announce("10.0.0.2", 2, 0, AnnounceEvent.NONE, 10_200, 0, null));
    registry.sweep();
    SwarmStats s = registry.stats(HASH);
    // The 500 bytes a client had before it first announced are not counted.
    assertThat(s.downloadedBytes()).isEqualTo(10_000);
    assertThat(s.uploadedBytes()).isEqualTo(10_000);
    assertThat(s.downloadBytesPerSecond()).isEqualTo(100.0);
    assertThat(s.uploadBytesPerSecond()).isEqualTo(100.0);
    assertThat(s.completions()).isEqualTo(1);
    assertThat(s.arrivals()).isEqualTo(2);
    // A client that restarted from zero does not subtract.
    registry.announce(announce("10.0.0.2", 2, 0, AnnounceEvent.NONE, 5, 0, null));
    assertThat(registry.stats(HASH).uploadedBytes()).isEqualTo(10_000);
  }

  @Test
  void ipv4MappedAddressesAreIpv4() throws Exception {
    PeerAddress mapped = PeerAddress.of(InetAddress.getByName("::ffff:10.1.2.3"), 80);
    assertThat(mapped.isIpv4()).isTrue();
    assertThat(mapped).isEqualTo(PeerAddress.of(InetAddress.getByName("10.1.2.3"), 80));
    assertThat(PeerAddress.of(InetAddress.getByName("::1"), 80).isIpv4()).isFalse();
  }
}
