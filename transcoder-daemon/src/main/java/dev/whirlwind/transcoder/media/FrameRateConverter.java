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
  private Frame held;
  private long written;

  FrameRateConverter(double sourceFps, double fps) {
    this.sourceFps = sourceFps;
    this.fps = fps;
    this.passThrough = Math.abs(sourceFps - fps) < 0.01;
  }

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
    Transcoder.record(recorder, frame, new EncoderPlan(null, "video encoder", false));
    written++;
  }
}
