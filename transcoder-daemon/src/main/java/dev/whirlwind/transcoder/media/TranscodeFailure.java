package dev.whirlwind.transcoder.media;

/**
 * Why a transcode did not produce a rendition. The reason is a stable label (metrics count failures
 * by it); the message says what happened in words.
 */
public final class TranscodeFailure extends Exception {
  /** Stable failure labels. */
  public enum Reason {
    SOURCE_UNREADABLE,
    NO_VIDEO,
    UNKNOWN_CODEC,
    SOURCE_TRUNCATED,
    ENCODER_FAILED,
    /** The cluster does not know the source, or cannot be asked: no FFmpeg was started. */
    CLUSTER,
    /** The work would exceed a bound relative to the source (frame rate, frame count). */
    LIMIT_EXCEEDED,
    CANCELLED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  public TranscodeFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public TranscodeFailure(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
