package dev.whirlwind.tracker.announce;

/** A request the tracker refuses; the message becomes the bencoded {@code failure reason}. */
public final class AnnounceRejected extends RuntimeException {
  public AnnounceRejected(String reason) {
    super(reason, null, false, false);
  }
}
