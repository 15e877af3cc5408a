package dev.whirlwind.cache.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void burstsAreBoundedByTheDepthAndTheLongRunRateByTheRate() {
    TokenBucket b = new TokenBucket(1_000_000, now::get); // 1 MB/s, depth 100 ms = 100 kB
    long sent = 0;
    // Simulated time: 10 s in 1 ms steps, taking 64 KiB slices whenever allowed.
    for (int ms = 0; ms < 10_000; ms++) {
      while (b.tryTake(65_536) == 0) {
        sent += 65_536;
      }
      now.addAndGet(1_000_000);
    }
    assertThat(sent).isBetween(9_900_000L, 10_200_000L);
  }

  @Test
  void aRefusedTakeSaysHowLongToWaitAndTakesNothing() {
    TokenBucket b = new TokenBucket(100_000, now::get); // depth 10 kB
    assertThat(b.tryTake(10_000)).isZero();
    long wait = b.tryTake(10_000);
    assertThat(wait).isPositive();
    now.addAndGet(wait);
    assertThat(b.tryTake(10_000)).isZero();
  }

  @Test
  void aRateChangeTakesEffect() {
    TokenBucket b = new TokenBucket(1_000_000, now::get);
    b.setRate(2_000_000);
    long sent = 0;
    for (int ms = 0; ms < 5_000; ms++) {
      while (b.tryTake(16_384) == 0) {
        sent += 16_384;
      }
      now.addAndGet(1_000_000);
    }
    assertThat(sent).isBetween(9_900_000L, 10_300_000L);
  }

  @Test
  void saturatedOnlyWhileSendersAreHeldBackByIt() {
    TokenBucket b = new TokenBucket(1_000_000, now::get); // depth 100 ms = 100 kB
    assertThat(b.isSaturated()).isFalse();
    b.tryTake(30_000); // a third of the depth: under the rate
    assertThat(b.isSaturated()).isFalse();
    while (b.tryTake(16_384) == 0) {
      // fill it up to the depth, as a sender at full speed does
    }
    assertThat(b.isSaturated()).isTrue();
    now.addAndGet(100_000_000L); // 100 ms without sending
    assertThat(b.isSaturated()).isFalse();
  }
}
