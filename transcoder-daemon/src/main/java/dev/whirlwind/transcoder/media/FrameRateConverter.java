package dev.whirlwind.transcoder.media;

import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Maps decoded frames onto the output clock: output frame k (at k / fps) shows the latest source
 * frame at or before it, so a faster source drops frames and a slower one repeats them. With equal
 * rates every frame passes straight through, without a copy.
 */
final class FrameRateConverter {
  private final double sourceFps;
  private final double fps;
  private final boolean passThrough;
  private final long maxFrames;
  private Frame held;
  private long written;

  /**
   * @param maxFrames the most frames this output may have: a source whose timestamps leap far ahead
   *     would otherwise make one frame repeat for hours
   */
  FrameRateConverter(double sourceFps, double fps, long maxFrames) {
    this.sourceFps = sourceFps;
    this.fps = fps;
    this.maxFrames = maxFrames;
    this.passThrough = Math.abs(sourceFps - fps) < 0.01;
  }

  /** Frames an output of a source {@code lengthMicros} long may have (a tenth and 2 s of slack). */
  static long maxFrames(long lengthMicros, double fps) {
    double seconds = lengthMicros > 0 ? lengthMicros / 1e6 : UNKNOWN_LENGTH_SECONDS;
    return (long) Math.ceil((seconds * 1.1 + 2) * fps);
  }

  /** A source that does not say how long it is gets this many seconds at most. */
  static final double UNKNOWN_LENGTH_SECONDS = 4 * 3600;

  void offer(Frame frame, FFmpegFrameRecorder recorder) throws TranscodeFailure {
    if (passThrough) {
      write(frame, recorder);
      return;
    }
    double t = frame.timestamp / 1e6;
    if (held != null) {
      // Every output slot before this frame shows the previous one.
      while (written / fps < t - 1e-6) {
        write(held, recorder);
      }
      held.close();
    }
    held = frame.clone(); // the grabber reuses its frame
  }

  void finish(FFmpegFrameRecorder recorder) throws TranscodeFailure {
    if (held != null) {
      double end = held.timestamp / 1e6 + 1 / sourceFps;
      while (written / fps < end - 1e-6) {
        write(held, recorder);
      }
      held.close();
      held = null;
    }
  }

  long written() {
    return written;
  }

  private void write(Frame frame, FFmpegFrameRecorder recorder) throws TranscodeFailure {
    if (written >= maxFrames) {
      throw new TranscodeFailure(
          TranscodeFailure.Reason.LIMIT_EXCEEDED,
          "the output would pass "
              + maxFrames
              + " frames, more than the source's length allows (its timestamps leap ahead)");
    }
    Transcoder.record(recorder, frame, new EncoderPlan(null, "video encoder", false));
    written++;
  }
}
