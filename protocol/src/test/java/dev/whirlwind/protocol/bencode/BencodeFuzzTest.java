package dev.whirlwind.protocol.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.testing.Mutations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded mutations of valid bencode: a value or a {@link BencodeException}, nothing else. */
class BencodeFuzzTest {
  @Test
  void mutatedInputsDecodeOrAreRefusedWithABencodeException() {
    Mutations m =
        new Mutations(
            20261201L,
            List.of(
                "d8:announce20:http://t:6969/ann4:infod6:lengthi12345e4:name4:a.mp4ee",
                "li1ei-2e3:abcl0:ee",
                "d5:peers12:abcdefabcdef8:intervali300ee",
                "i9223372036854775807e"));
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] input = m.next();
      try {
        Object value = Bencode.decode(input);
        Bencode.encode(value); // what decodes must encode again
        decoded++;
      } catch (BencodeException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
    assertThat(decoded).as("some mutations stay valid").isPositive();
  }
}
