package dev.whirlwind.protocol.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutation fuzzing: from valid samples, a fixed number of variants made by flipping,
 * inserting, deleting, repeating and splicing bytes and by planting values that parsers get wrong
 * (nulls, huge and negative numbers, NaN, control characters, deep nesting). The same seed gives
 * the same variants, so a failure names a case that can be replayed.
 */
public final class Mutations {
  private static final String[] PLANTS = {
    "null",
    "-1",
    "0",
    "99999999999999999999999",
    "9223372036854775808",
    "1e308",
    "NaN",
    "-0",
    "\"\"",
    "[]",
    "{}",
    "\r\n",
    "\u0000",
    "%00",
    "%ff",
    "../",
    "\"\\u0000\"",
    "[[[[[[[[[[[[",
    "{\"a\":{\"a\":{\"a\":{\"a\":",
    "true",
    "\"\\ud800\"",
    "i-5e",
    "4294967296:",
    "l",
    "d"
  };

  private final Random random;
  private final List<byte[]> samples;

  public Mutations(long seed, List<String> samples) {
    this.random = new Random(seed);
    this.samples = new ArrayList<>();
    for (String s : samples) {
      this.samples.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** The next variant: one to four mutations of a random sample. */
  public byte[] next() {
    byte[] b = samples.get(random.nextInt(samples.size())).clone();
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      b = mutate(b);
    }
    return b;
  }

  public String nextString() {
    return new String(next(), StandardCharsets.ISO_8859_1);
  }

  private byte[] mutate(byte[] b) {
    int at = b.length == 0 ? 0 : random.nextInt(b.length);
    switch (random.nextInt(7)) {
      case 0 -> {
        if (b.length > 0) {
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case 1 -> {
        return splice(b, at, at, new byte[] {(byte) random.nextInt(256)});
      }
      case 2 -> {
        int end = Math.min(b.length, at + 1 + random.nextInt(8));
        return splice(b, at, end, new byte[0]);
      }
      case 3 -> {
        int end = Math.min(b.length, at + 1 + random.nextInt(16));
        byte[] piece = Arrays.copyOfRange(b, at, end);
        return splice(b, at, at, piece);
      }
      case 4 -> {
        return Arrays.copyOf(b, at);
      }
      case 5 -> {
        byte[] plant = PLANTS[random.nextInt(PLANTS.length)].getBytes(StandardCharsets.ISO_8859_1);
        int end = Math.min(b.length, at + random.nextInt(6));
        return splice(b, at, end, plant);
      }
      default -> {
        // Replace a run of digits with a plant: numbers are where parsers overflow.
        for (int i = at; i < b.length; i++) {
          if (b[i] >= '0' && b[i] <= '9') {
            int end = i;
            while (end < b.length && b[end] >= '0' && b[end] <= '9') {
              end++;
            }
            byte[] plant = PLANTS[1 + random.nextInt(8)].getBytes(StandardCharsets.ISO_8859_1);
            return splice(b, i, end, plant);
          }
        }
        return b;
      }
    }
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
