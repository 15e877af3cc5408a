package dev.whirlwind.protocol.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encodesCanonicallyWithKeysSortedByRawBytes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("zeta", 1L);
    m.put("alpha", List.of("spam", 42L));
    m.put("\u00ff", b("x"));
    m.put("Beta", -3);
    assertThat(new String(Bencode.encode(m), StandardCharsets.ISO_8859_1))
        .isEqualTo("d4:Betai-3e5:alphal4:spami42ee4:zetai1e1:\u00ff1:xe");
  }

  @Test
  void decodesWhatItEncodesWithBinaryStringsIntact() {
    byte[] binary = new byte[256];
    for (int i = 0; i < 256; i++) {
      binary[i] = (byte) i;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peers", binary);
    m.put("interval", 1800L);
    m.put(Bencode.latin1(new byte[] {(byte) 0x80, 0x01}), List.of(0L, -7L));
    byte[] encoded = Bencode.encode(m);
    Map<String, Object> back = Bencode.decodeDictionary(encoded);
    assertThat((byte[]) back.get("peers")).isEqualTo(binary);
    assertThat(back.get("interval")).isEqualTo(1800L);
    assertThat(Bencode.encode(back)).isEqualTo(encoded);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "i01e", "i-0e", "ie", "i1", "03:abc", "4:abc", "d1:bi1e1:ai2ee", "d1:ai1e1:ai2ee",
        "di1ei2ee", "l", "d", "x", "i1ei2e", "i99999999999999999999e", "-1:a", "1a:b"
      })
  void rejectsWhatClientsWouldDisagreeAbout(String input) {
    assertThatThrownBy(() -> Bencode.decode(b(input))).isInstanceOf(BencodeException.class);
  }

  @Test
  void rejectsDeepNestingInsteadOfOverflowingTheStack() {
    String deep = "l".repeat(10_000) + "e".repeat(10_000);
    assertThatThrownBy(() -> Bencode.decode(b(deep)))
        .isInstanceOf(BencodeException.class)
        .hasMessageContaining("nesting");
  }

  /**
   * Seeded random mutations of valid documents: the decoder either returns a value that encodes
   * back to the same bytes or throws {@link BencodeException}, never anything else.
   */
  @Test
  void mutatedInputNeverEscapesAsAnotherException() {
    Map<String, Object> seed = new LinkedHashMap<>();
    seed.put("announce", "http://tracker:6969/announce");
    seed.put("info", Map.of("length", 1000L, "name", "a.mp4", "pieces", new byte[40]));
    seed.put("url-list", List.of("http://c0/c/x", "http://c1/c/x"));
    byte[] base = Bencode.encode(seed);
    Random random = new Random(20261123L);
    int decoded = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] input = base.clone();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        switch (random.nextInt(3)) {
          case 0 -> input[random.nextInt(input.length)] = (byte) random.nextInt(256);
          case 1 -> input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
          default ->
              input[random.nextInt(input.length)] =
                  (byte) "0123456789:ilde-".charAt(random.nextInt(16));
        }
        if (input.length == 0) {
          break;
        }
      }
      try {
        Object value = Bencode.decode(input);
        assertThat(Bencode.encode(value)).isEqualTo(input);
        decoded++;
      } catch (BencodeException expected) {
        // Rejected with a message: fine.
      }
    }
    assertThat(decoded).as("some mutations stay valid").isPositive();
  }
}
