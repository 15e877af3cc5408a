package dev.whirlwind.tracker.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.tracker.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenditionMapTest {
  static final String SOURCE = "a".repeat(64);
  private final ManualClock clock = new ManualClock();
  private final RenditionMap map = new RenditionMap(clock);
  @TempDir Path dir;

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

  @Test
  void aRenditionNoCacheHoldsAnyMoreIsReplacedAfterTheGracePeriod() throws Exception {
    Set<String> held = new HashSet<>();
    Path file = dir.resolve("renditions.jsonl");
    RenditionRecord first = new RenditionRecord(SOURCE, "p1", "b".repeat(64), "360p");
    RenditionRecord second = new RenditionRecord(SOURCE, "p1", "c".repeat(64), "360p");
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      RenditionMap tracked = new RenditionMap(clock, journal, held::contains, 90_000);
      tracked.record(first);
      // Not heard of yet: the caches' heartbeats may simply not have said so.
      clock.advance(Duration.ofSeconds(60));
      assertThat(tracked.get(SOURCE, "p1")).contains(first);
      held.add(first.renditionId());
      clock.advance(Duration.ofSeconds(60));
      assertThat(tracked.record(second)).as("held: compare-and-set").isEqualTo(first);
      held.remove(first.renditionId()); // every cache evicted it
      assertThat(tracked.get(SOURCE, "p1")).isEmpty();
      assertThat(tracked.of(SOURCE)).isEmpty();
      assertThat(tracked.claim(SOURCE, "p1", "t-0", 60).granted()).isTrue();
      assertThat(tracked.record(second)).as("replaces the lost one").isSameAs(second);
      assertThat(tracked.get(SOURCE, "p1")).as("within its own grace").contains(second);
    }
    // After a restart the replacement stands, and gets a grace period of its own.
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      RenditionMap restarted = new RenditionMap(clock, journal, held::contains, 90_000);
      assertThat(restarted.get(SOURCE, "p1")).contains(second);
      clock.advance(Duration.ofSeconds(91));
      assertThat(restarted.get(SOURCE, "p1")).isEmpty();
    }
  }
}
