package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.Mutations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded mutations of Range headers: always a selection, and partial ones inside the file. */
class ByteRangesFuzzTest {
  @Test
  void mutatedRangeHeadersSelectSomethingSane() {
    Mutations m =
        new Mutations(
            3L, List.of("bytes=0-499", "bytes=-500", "bytes=9500-", "bytes=0-0,200-299,-1"));
    long length = 10_000;
    for (int i = 0; i < 20_000; i++) {
      ByteRanges.Selection s = ByteRanges.select(m.nextString(), length, 32);
      assertThat(s).isNotNull();
      if (s instanceof ByteRanges.Partial p) {
        assertThat(p.ranges()).isNotEmpty().hasSizeLessThanOrEqualTo(32);
        for (ByteRanges.Range r : p.ranges()) {
          assertThat(r.first()).isBetween(0L, length - 1);
          assertThat(r.last()).isBetween(r.first(), length - 1);
        }
      }
    }
  }
}
