package dev.whirlwind.tracker.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static boolean valid(String hex) {
    byte[] b = HexFormat.of().parseHex(hex);
    return Utf8.isValid(b, 0, b.length);
  }

  @Test
  void acceptsWhatRfc3629AllowsAndNothingElse() {
    assertThat(valid("")).isTrue();
    assertThat(valid("7b2261223a317d")).isTrue(); // {"a":1}
    assertThat(valid("c3a9")).isTrue(); // é
    assertThat(valid("e282ac")).isTrue(); // €
    assertThat(valid("f09f8ea5")).isTrue(); // U+1F3A5
    assertThat(valid("f48fbfbf")).isTrue(); // U+10FFFF
    assertThat(valid("c080")).as("overlong NUL").isFalse();
    assertThat(valid("c1bf")).as("overlong").isFalse();
    assertThat(valid("e09f80")).as("overlong three bytes").isFalse();
    assertThat(valid("f08f8080")).as("overlong four bytes").isFalse();
    assertThat(valid("eda080")).as("a surrogate").isFalse();
    assertThat(valid("f4908080")).as("past U+10FFFF").isFalse();
    assertThat(valid("f5808080")).isFalse();
    assertThat(valid("80")).as("a lone continuation byte").isFalse();
    assertThat(valid("c3")).as("cut short").isFalse();
    assertThat(valid("41414141414141e282")).as("cut short after the fast path").isFalse();
    assertThat(valid("c328")).as("not a continuation").isFalse();
    assertThat(valid("4141414141414141c3a9")).isTrue();
  }

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomBytes() {
    Random r = new Random(7);
    var strict = StandardCharsets.UTF_8.newDecoder();
    for (int n = 0; n < 20_000; n++) {
      byte[] b = new byte[r.nextInt(24)];
      for (int i = 0; i < b.length; i++) {
        // Mostly ASCII, as offers are, with every kind of high byte among it.
        b[i] = (byte) (r.nextInt(4) == 0 ? 0x80 + r.nextInt(128) : r.nextInt(128));
      }
      boolean jdk;
      try {
        strict.reset().decode(java.nio.ByteBuffer.wrap(b));
        jdk = true;
      } catch (java.nio.charset.CharacterCodingException e) {
        jdk = false;
      }
      assertThat(Utf8.isValid(b, 0, b.length)).as(HexFormat.of().formatHex(b)).isEqualTo(jdk);
    }
  }
}
