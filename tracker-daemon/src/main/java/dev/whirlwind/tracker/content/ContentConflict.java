package dev.whirlwind.tracker.content;

/** A record that contradicts what an earlier verified record said about the same content. */
public final class ContentConflict extends RuntimeException {
  public ContentConflict(String message) {
    super(message);
  }
}
