package dev.whirlwind.protocol.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsIndexTest {
  @Test
  void aSaneIndexPassesAndBecomesAPlaylist() {
    HlsIndex i = new HlsIndex(100, List.of(new HlsIndex.Fragment(100, 50, 6.0)));
    assertThat(i.validated(150).playlist("v.mp4")).contains("#EXTINF:6.000");
  }

  @Test
  void durationsThatAreNotFiniteOrAbsurdAreRefused() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e308, -1}) {
      HlsIndex i = new HlsIndex(100, List.of(new HlsIndex.Fragment(100, 50, bad)));
      assertThatThrownBy(() -> i.validated(150))
          .as("seconds %s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("seconds");
    }
  }

  @Test
  void nullFragmentsAndTooManyAreRefused() {
    assertThatThrownBy(
            () -> new HlsIndex(100, Arrays.asList((HlsIndex.Fragment) null)).validated(150))
        .isInstanceOf(IllegalArgumentException.class);
    HlsIndex.Fragment[] many = new HlsIndex.Fragment[HlsIndex.MAX_FRAGMENTS + 1];
    for (int k = 0; k < many.length; k++) {
      many[k] = new HlsIndex.Fragment(100 + k, 1, 1);
    }
    assertThatThrownBy(() -> new HlsIndex(100, List.of(many)).validated(1L << 40))
        .hasMessageContaining("at most");
  }
}
