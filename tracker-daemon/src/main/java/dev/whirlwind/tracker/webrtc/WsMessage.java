package dev.whirlwind.tracker.webrtc;

import java.util.List;

/**
 * A browser's message, validated. Ids ({@code info_hash}, {@code peer_id}, {@code to_peer_id},
 * {@code offer_id}) are kept as sent: 20-character strings of one byte per character, which is also
 * how the replies carry them.
 */
sealed interface WsMessage {
  /** An offer to relay: its id and the SDP object, passed on untouched. */
  record Offer(String offerId, RawJson offer) {}

  /**
   * {@code action: announce}, possibly carrying offers to relay, or an answer to one.
   *
   * @param left bytes still wanted; negative when unknown (counted as incomplete)
   * @param numwant how many of the offers to relay at most
   */
  record Announce(
      String infoHash,
      String peerId,
      AnnounceKind event,
      long left,
      int numwant,
      long uploaded,
      long downloaded,
      List<Offer> offers,
      Answer answer)
      implements WsMessage {
    boolean complete() {
      return left == 0;
    }
  }

  /** An answer to {@code offerId}, for the peer that offered it. */
  record Answer(String toPeerId, String offerId, RawJson answer) {}

  /** {@code action: scrape} of one or more swarms. */
  record Scrape(List<String> infoHashes) implements WsMessage {}

  /** The announce events of the protocol; no event (or {@code empty}) is an update. */
  enum AnnounceKind {
    STARTED,
    STOPPED,
    COMPLETED,
    UPDATE,
    PAUSED
  }
}
