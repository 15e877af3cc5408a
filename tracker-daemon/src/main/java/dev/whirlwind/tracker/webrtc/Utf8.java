package dev.whirlwind.tracker.webrtc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), as a
 * WebSocket endpoint must apply to text frames, with a fast path for ASCII: offers are SDP, which
 * is ASCII, and they are most of what a tracker reads.
 */
final class Utf8 {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  static boolean isValid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (i + 8 <= to && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        if (c == 0xE0) {
          lo = 0xA0; // overlong
        } else if (c == 0xED) {
          hi = 0x9F; // surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        if (c == 0xF0) {
          lo = 0x90; // overlong
        } else if (c == 0xF4) {
          hi = 0x8F; // past U+10FFFF
        }
      } else {
        return false;
      }
      if (i + n >= to) {
        return false; // cut short
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return false;
      }
      for (int k = 2; k <= n; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += n + 1;
    }
    return true;
  }
}
