package dev.whirlwind.tracker.webrtc;

import io.netty.buffer.ByteBuf;

/**
 * A JSON value exactly as a browser sent it (UTF-8 bytes, already validated by the parser): offers
 * and answers are relayed untouched, so they are copied, never parsed into a tree and written out
 * again.
 */
record RawJson(byte[] bytes, int offset, int length) {
  void writeTo(ByteBuf out) {
    out.writeBytes(bytes, offset, length);
  }
}
