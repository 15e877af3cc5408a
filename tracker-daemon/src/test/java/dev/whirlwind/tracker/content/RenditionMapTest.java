package dev.whirlwind.tracker.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.tracker.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RenditionMapTest {
  static final String SOURCE = "a".repeat(64);
  private final ManualClock clock = new ManualClock();
  private final RenditionMap map = new RenditionMap(clock);

  @Test
  void oneLiveClaimPerKeyRenewableByItsHolderAndLapsingAfterItsTtl() {
    assertThat(map.claim(SOURCE, "p1", "t-0", 60).granted()).isTrue();
    RenditionMap.ClaimResult other = map.claim(SOURCE, "p1", "t-1", 60);
    assertThat(other.granted()).isFalse();
    assertThat(other.holder()).isEqualTo("t-0");
    assertThat(map.claim(SOURCE, "p1", "t-0", 60).granted()).as("renewal").isTrue();
    assertThat(map.claim(SOURCE, "p2", "t-1", 60).granted()).as("another key").isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(map.claim(SOURCE, "p1", "t-1", 60).granted()).as("after the TTL").isTrue();
  }

  @Test
  void theFirstRecordedRenditionWinsAndEndsTheClaims() {
    map.claim(SOURCE, "p1", "t-0", 60);
    RenditionRecord first = new RenditionRecord(SOURCE, "p1", "b".repeat(64), "360p-h264");
    RenditionRecord second = new RenditionRecord(SOURCE, "p1", "c".repeat(64), "360p-h264");
    assertThat(map.record(first)).isSameAs(first);
    assertThat(map.record(second)).isEqualTo(first);
    RenditionMap.ClaimResult late = map.claim(SOURCE, "p1", "t-9", 60);
    assertThat(late.granted()).isFalse();
    assertThat(late.renditionId()).isEqualTo("b".repeat(64));
    assertThat(map.of(SOURCE)).containsExactly(first);
    assertThat(map.of("d".repeat(64))).isEmpty();
  }
}
