package dev.whirlwind.cache.download;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadRateTest {
  @Test
  void bytesFetchedBeforeAResumeAreNotThisRunsRate() {
    // 300 MB on disk from before the restart, 2 MB fetched in the 2 s since.
    assertThat(Download.rate(302_000_000, 300_000_000, 2000)).isEqualTo(1_000_000);
  }

  @Test
  void theFirstSecondHasNoRate() {
    assertThat(Download.rate(5_000_000, 0, 14)).isZero();
  }
}
