package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.AudioSettings;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileSpec;
import dev.whirlwind.crds.v1alpha1.VideoSettings;
import dev.whirlwind.operator.kube.WireNames;
import dev.whirlwind.protocol.transcode.RenditionProfile;

/**
 * A TranscodeProfile's parameters as transcoders apply them. The API server checks the schema and
 * CEL rules, but a profile written while they were looser, or applied where they are not enforced
 * (render and standalone mode), is checked here again: an invalid one is refused with the reason.
 */
public final class RenditionProfiles {
  private RenditionProfiles() {}

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static RenditionProfile of(TranscodeProfile profile) {
    TranscodeProfileSpec spec = profile.getSpec();
    if (spec == null || spec.video == null) {
      throw new IllegalArgumentException("spec.video is required");
    }
    VideoSettings v = spec.video;
    AudioSettings a = spec.audio == null ? new AudioSettings() : spec.audio;
    require(v.codec != null, "spec.video.codec is required");
    require(v.width != null, "spec.video.width is required");
    require(v.height != null, "spec.video.height is required");
    require(v.bitrateBytesPerSecond != null, "spec.video.bitrateBytesPerSecond is required");
    return new RenditionProfile(
            profile.getMetadata().getName(),
            WireNames.of(v.codec),
            v.width,
            v.height,
            v.bitrateBytesPerSecond,
            orZero(v.maxBitrateBytesPerSecond),
            orZero(v.bufferBytes),
            v.frameRate,
            v.gopFrames == null ? 0 : v.gopFrames,
            v.preset,
            a.codec == null ? "aac" : WireNames.of(a.codec),
            orZero(a.bitrateBytesPerSecond),
            a.channels == null ? 0 : a.channels,
            a.sampleRateHz == null ? 0 : a.sampleRateHz,
            spec.container == null ? "mp4" : WireNames.of(spec.container),
            spec.hls == null || spec.hls.segmentSeconds == null ? 0 : spec.hls.segmentSeconds,
            spec.accelerator == null ? "auto" : WireNames.of(spec.accelerator))
        .validated();
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
