package dev.whirlwind.cache.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentId;
import org.junit.jupiter.api.Test;

class ServedBytesTest {
  @Test
  void eachPeriodReportsItsOwnBytesSplitByKindOfClient() {
    ServedBytes served = new ServedBytes();
    ContentId a = new ContentId("a".repeat(64));
    ContentId b = new ContentId("b".repeat(64));
    served.add(a, 100, true);
    served.add(a, 50, false);
    served.add(b, 7, false);
    ServedBytes.Period first = served.drain();
    assertThat(first.all()).containsEntry(a.hex(), 150L).containsEntry(b.hex(), 7L);
    assertThat(first.plain()).containsOnlyKeys(a.hex()).containsEntry(a.hex(), 100L);
    ServedBytes.Period second = served.drain();
    assertThat(second.all()).isEmpty();
    assertThat(served.total()).isEqualTo(157);
  }
}
