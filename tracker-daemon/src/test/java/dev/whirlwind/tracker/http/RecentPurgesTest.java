package dev.whirlwind.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentPurgesTest {
  private final AtomicLong now = new AtomicLong();
  private final RecentPurges purges = new RecentPurges(100, now::get);

  private static ContentId id(int n) {
    return new ContentId(String.format("%064x", n));
  }

  @Test
  void aPurgeIsRecentUntilItsTimeIsUpOrTheContentIsRegisteredAgain() {
    purges.purged(id(1));
    purges.purged(id(2));
    now.set(99);
    assertThat(purges.recentlyPurged(id(1))).isTrue();
    assertThat(purges.recentlyPurged(id(3))).isFalse();
    purges.registered(id(2));
    assertThat(purges.recentlyPurged(id(2))).isFalse();
    now.set(100);
    assertThat(purges.recentlyPurged(id(1))).isFalse();
  }

  @Test
  void theOldestAreDroppedPastTheBound() {
    for (int i = 0; i <= RecentPurges.MAX; i++) {
      purges.purged(id(i));
    }
    assertThat(purges.recentlyPurged(id(0))).isFalse();
    assertThat(purges.recentlyPurged(id(1))).isTrue();
    assertThat(purges.recentlyPurged(id(RecentPurges.MAX))).isTrue();
  }
}
