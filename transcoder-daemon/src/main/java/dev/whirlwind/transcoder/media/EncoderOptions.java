package dev.whirlwind.transcoder.media;

import dev.whirlwind.protocol.transcode.RenditionProfile;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** The per-encoder options a profile turns into: presets, fixed GOPs, fast modes. */
final class EncoderOptions {
  private EncoderOptions() {}

  static void apply(FFmpegFrameRecorder r, RenditionProfile p, EncoderPlan plan, int gop) {
    String preset = p.preset();
    // The peak rate, held over the profile's VBV buffer (one second of the peak by default).
    r.setVideoOption("maxrate", Long.toString(p.maxBitrateBytesPerSecond() * 8));
    r.setVideoOption("bufsize", Long.toString(p.bufferBytes() * 8));
    switch (plan.encoder()) {
      case "libx264" -> {
        r.setVideoOption("preset", preset);
        r.setVideoOption("sc_threshold", "0");
      }
      case "libx265" -> {
        r.setVideoOption("preset", preset);
        // Closed GOPs: x265 opens them by default, and the pictures leading an open GOP's CRA
        // reference the GOP before, so a player starting at a segment or seek point loses them.
        r.setVideoOption("x265-params", "log-level=error:scenecut=0:open-gop=0:min-keyint=" + gop);
      }
      case "libvpx-vp9" -> {
        // Realtime mode: the fast path of libvpx; cpu-used from the preset when it is a number.
        r.setVideoOption("deadline", "realtime");
        r.setVideoOption("cpu-used", preset.matches("[0-9]+") ? preset : "8");
        r.setVideoOption("row-mt", "1");
      }
      case "libsvtav1" -> {
        r.setVideoOption("preset", preset.matches("[0-9]+") ? preset : "10");
        // SVT-AV1 honours a peak rate only in capped-CRF mode (its VBR overshoots short clips
        // by half again): quality-driven under the profile's peak.
        r.setVideoOption("crf", "35");
        r.setVideoBitrate(0); // a target rate would switch it back to VBR
      }
      default -> {
        if (plan.encoder().endsWith("_nvenc")) {
          // NVENC takes p1-p7, not x264 names (TOOLCHAIN pitfall 6).
          r.setVideoOption("preset", preset.matches("p[1-7]") ? preset : "p4");
          r.setVideoOption("rc", "vbr");
        }
      }
    }
  }
}
