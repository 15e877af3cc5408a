package dev.whirlwind.tracker.webrtc;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The tracker's frequent messages, written straight into a buffer: the announce reply, and offers
 * and answers relayed with their SDP copied as the browser sent it. The fields and their order are
 * those of the reference tracker's messages.
 */
final class RelayFrames {
  private static final byte[] OFFER_START =
      "{\"action\":\"announce\",\"offer\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER_START =
      "{\"action\":\"announce\",\"answer\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OFFER_ID = ",\"offer_id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PEER_ID = ",\"peer_id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INFO_HASH = ",\"info_hash\":".getBytes(StandardCharsets.US_ASCII);

  private RelayFrames() {}

  /** A JSON string of {@code s}, quotes included, in UTF-8. */
  static byte[] quoted(String s) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }

  /** {@code {action, offer, offer_id, peer_id, info_hash}} for the peer the offer goes to. */
  static ByteBuf offer(
      ByteBufAllocator alloc, RawJson offer, String offerId, byte[] peerId, byte[] infoHash) {
    return relay(alloc, OFFER_START, offer, quoted(offerId), peerId, infoHash);
  }

  /** {@code {action, answer, offer_id, peer_id, info_hash}} for the peer that offered. */
  static ByteBuf answer(
      ByteBufAllocator alloc, RawJson answer, String offerId, byte[] peerId, byte[] infoHash) {
    return relay(alloc, ANSWER_START, answer, quoted(offerId), peerId, infoHash);
  }

  private static ByteBuf relay(
      ByteBufAllocator alloc,
      byte[] start,
      RawJson sdp,
      byte[] offerId,
      byte[] peerId,
      byte[] infoHash) {
    int size =
        start.length
            + sdp.length()
            + OFFER_ID.length
            + offerId.length
            + PEER_ID.length
            + peerId.length
            + INFO_HASH.length
            + infoHash.length
            + 1;
    ByteBuf out = alloc.buffer(size, size);
    out.writeBytes(start);
    sdp.writeTo(out);
    out.writeBytes(OFFER_ID).writeBytes(offerId);
    out.writeBytes(PEER_ID).writeBytes(peerId);
    out.writeBytes(INFO_HASH).writeBytes(infoHash);
    out.writeByte('}');
    return out;
  }

  /** The answer to an announce: {@code {complete, incomplete, action, info_hash, interval}}. */
  static ByteBuf reply(
      ByteBufAllocator alloc, int complete, int incomplete, byte[] infoHash, int interval) {
    byte[] head =
        ("{\"complete\":"
                + complete
                + ",\"incomplete\":"
                + incomplete
                + ",\"action\":\"announce\",\"info_hash\":")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = (",\"interval\":" + interval + "}").getBytes(StandardCharsets.US_ASCII);
    ByteBuf out = alloc.buffer(head.length + infoHash.length + tail.length);
    return out.writeBytes(head).writeBytes(infoHash).writeBytes(tail);
  }
}
