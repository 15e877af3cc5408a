package dev.whirlwind.tracker.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class BrowserSessionsTest {
  private static BrowserPeer peer() {
    return new BrowserPeer(new EmbeddedChannel(), 4, 4, 10, 0);
  }

  @Test
  void aSessionBelongsToOneLiveConnectionAndTheTableIsBounded() {
    BrowserSessions sessions = new BrowserSessions(2);
    BrowserPeer first = peer();
    BrowserPeer copy = peer();
    assertThat(sessions.open("too-short", first, 0)).isFalse();
    assertThat(sessions.open("page/with/slashes-0123", first, 0)).isFalse();
    assertThat(sessions.open("session-one-0123456", first, 0)).isTrue();
    // A second page that copied the URL does not get the first page's session.
    assertThat(sessions.open("session-one-0123456", copy, 0)).isFalse();
    assertThat(sessions.open("session-two-0123456", copy, 0)).isTrue();
    assertThat(sessions.open("session-three-012345", peer(), 0)).isFalse();
    // A closed session still in its grace makes room for a live page once the table is full.
    sessions.closed("session-two-0123456", copy, 5);
    assertThat(sessions.open("session-three-012345", peer(), 6)).isTrue();
    assertThat(sessions.size()).isEqualTo(2);
    assertThat(sessions.report("session-two-0123456", 1, 1, 7))
        .isEqualTo(BrowserSessions.Outcome.UNKNOWN_SESSION);

    // Once the first connection closes and the grace passes, the token is free again.
    sessions.closed("session-one-0123456", first, 10);
    assertThat(sessions.sweep(10 + BrowserSessions.CLOSED_GRACE_NANOS)).isZero();
    assertThat(sessions.sweep(11 + BrowserSessions.CLOSED_GRACE_NANOS)).isEqualTo(1);
    assertThat(sessions.size()).isEqualTo(1);
    assertThat(sessions.open("session-one-0123456", copy, 0)).isTrue();
    assertThat(sessions.report("session-one-0123456", 0, 0, 20))
        .isEqualTo(BrowserSessions.Outcome.COUNTED);
  }

  @Test
  void aTokenReopenedAndClosedInALoopKeepsTheClosedQueueBounded() {
    BrowserSessions sessions = new BrowserSessions(3);
    for (int i = 0; i < 100; i++) {
      BrowserPeer page = peer();
      assertThat(sessions.open("session-again-012345", page, i)).isTrue();
      sessions.closed("session-again-012345", page, i);
    }
    assertThat(sessions.closedQueued()).isLessThanOrEqualTo(3);
    // Past the bound the oldest entries went, and the closed session the token named with them.
    assertThat(sessions.size()).isLessThanOrEqualTo(1);
    BrowserPeer live = peer();
    assertThat(sessions.open("session-again-012345", live, 200)).isTrue();
    assertThat(sessions.report("session-again-012345", 0, 0, 201))
        .isEqualTo(BrowserSessions.Outcome.COUNTED);
  }

  @Test
  void bytesReportedBeforeTheFirstAnnounceCountOnceTheSessionIsInASwarm() {
    BrowserSessions sessions = new BrowserSessions(4);
    BrowserPeer page = peer();
    BrowserSwarm swarm = new BrowserSwarm("ab".repeat(32), 0);
    sessions.open("session-early-012345", page, 0);
    long second = 1_000_000_000L;
    assertThat(sessions.report("session-early-012345", 10, 20, second))
        .isEqualTo(BrowserSessions.Outcome.COUNTED);
    assertThat(swarm.downloadedBytes()).isZero();
    sessions.joined("session-early-012345", page, swarm);
    assertThat(sessions.report("session-early-012345", 30, 50, 3 * second))
        .isEqualTo(BrowserSessions.Outcome.COUNTED);
    assertThat(swarm.uploadedBytes()).isEqualTo(30);
    assertThat(swarm.downloadedBytes()).isEqualTo(50);
    // Another connection cannot point the session at its own swarm.
    BrowserSwarm other = new BrowserSwarm(null, 0);
    sessions.joined("session-early-012345", peer(), other);
    sessions.report("session-early-012345", 40, 60, 5 * second);
    assertThat(other.downloadedBytes()).isZero();
    assertThat(swarm.downloadedBytes()).isEqualTo(60);
  }
}
