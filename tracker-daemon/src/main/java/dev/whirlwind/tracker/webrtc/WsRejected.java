package dev.whirlwind.tracker.webrtc;

/** A message the tracker answers with a {@code failure reason}; the connection stays open. */
final class WsRejected extends Exception {
  /** The info-hash the failure is about, echoed to the client; null when the message had none. */
  final String infoHash;

  WsRejected(String reason, String infoHash) {
    super(reason, null, false, false);
    this.infoHash = infoHash;
  }

  WsRejected(String reason) {
    this(reason, null);
  }
}
