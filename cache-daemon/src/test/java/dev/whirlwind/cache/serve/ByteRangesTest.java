package dev.whirlwind.cache.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.serve.ByteRanges.Partial;
import dev.whirlwind.cache.serve.ByteRanges.Range;
import dev.whirlwind.cache.serve.ByteRanges.Unsatisfiable;
import dev.whirlwind.cache.serve.ByteRanges.Whole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {
  static ByteRanges.Selection select(String h) {
    return ByteRanges.select(h, 10_000, 16);
  }

  @Test
  void singleRangesOfEveryForm() {
    assertThat(select("bytes=0-499")).isEqualTo(new Partial(List.of(new Range(0, 499))));
    assertThat(select("bytes=9500-")).isEqualTo(new Partial(List.of(new Range(9500, 9999))));
    assertThat(select("bytes=-500")).isEqualTo(new Partial(List.of(new Range(9500, 9999))));
    assertThat(select("bytes=9000-20000")).isEqualTo(new Partial(List.of(new Range(9000, 9999))));
    assertThat(select("bytes=-20000")).isEqualTo(new Partial(List.of(new Range(0, 9999))));
    assertThat(select("BYTES = 1-1")).isEqualTo(new Partial(List.of(new Range(1, 1))));
  }

  @Test
  void theSatisfiableSubsetIsServedSortedAndCoalesced() {
    assertThat(select("bytes=500-600, 0-99, 20000-30000"))
        .isEqualTo(new Partial(List.of(new Range(0, 99), new Range(500, 600))));
    assertThat(select("bytes=0-99,50-149,150-199,,300-399"))
        .isEqualTo(new Partial(List.of(new Range(0, 199), new Range(300, 399))));
  }

  @Test
  void tooManyRangesCollapseIntoOne() {
    StringBuilder h = new StringBuilder("bytes=");
    for (int i = 0; i < 40; i++) {
      h.append(i * 100).append('-').append(i * 100 + 9).append(',');
    }
    assertThat(select(h.toString())).isEqualTo(new Partial(List.of(new Range(0, 3909))));
  }

  @Test
  void aPositionTooLargeForALongIsStillAPositionPastTheEnd() {
    assertThat(select("bytes=99999999999999999999-")).isInstanceOf(Unsatisfiable.class);
    assertThat(select("bytes=0-99999999999999999999")).isInstanceOf(ByteRanges.Partial.class);
    assertThat(select("bytes=-99999999999999999999")).isInstanceOf(ByteRanges.Partial.class);
  }

  @Test
  void aValidButUnsatisfiableSetIs416() {
    assertThat(select("bytes=10000-")).isInstanceOf(Unsatisfiable.class);
    assertThat(select("bytes=20000-30000, 10000-10001")).isInstanceOf(Unsatisfiable.class);
    assertThat(select("bytes=-0")).isInstanceOf(Unsatisfiable.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=abc",
        "bytes=5-1",
        "bytes=1-2-3",
        "items=0-9",
        "bytes",
        "bytes=",
        "bytes=--5",
        "bytes=0-9,x",
        "bytes= -",
        "bytes=1e3-2000"
      })
  void invalidSyntaxIsIgnored(String header) {
    assertThat(select(header)).isInstanceOf(Whole.class);
  }

  @Test
  void anEmptyRepresentationIsServedWhole() {
    assertThat(ByteRanges.select("bytes=0-0", 0, 16)).isInstanceOf(Whole.class);
    assertThat(ByteRanges.select("bytes=-5", 0, 16)).isInstanceOf(Whole.class);
  }
}
