package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static ByteRange.Answer of(String header) {
    return ByteRange.of(header, 1000);
  }

  @Test
  void singleRangesOfEveryForm() {
    assertThat(of("bytes=0-99")).isEqualTo(new ByteRange.Part(new ByteRange(0, 99)));
    assertThat(of("bytes=900-")).isEqualTo(new ByteRange.Part(new ByteRange(900, 999)));
    assertThat(of("bytes=-100")).isEqualTo(new ByteRange.Part(new ByteRange(900, 999)));
    assertThat(of("bytes=990-5000")).isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
    assertThat(of("bytes=-5000")).isEqualTo(new ByteRange.Part(new ByteRange(0, 999)));
  }

  @Test
  void whatCannotBeSatisfiedOrParsed() {
    assertThat(of("bytes=1000-")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(of("bytes=500-400")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(of("bytes=-0")).isInstanceOf(ByteRange.Unsatisfiable.class);
    assertThat(of(null)).isInstanceOf(ByteRange.Whole.class);
    assertThat(of("bytes=0-1,5-6")).isInstanceOf(ByteRange.Whole.class);
    assertThat(of("items=0-1")).isInstanceOf(ByteRange.Whole.class);
    assertThat(of("bytes=x-y")).isInstanceOf(ByteRange.Whole.class);
  }
}
