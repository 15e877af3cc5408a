package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Video codec of a rendition. h264/h265/av1 may be GPU-encoded where NVENC exists; vp9 is CPU only.
 */
public enum VideoCodec {
  @JsonProperty("h264")
  H264,
  @JsonProperty("h265")
  H265,
  /** Another name of h265: the same renditions. */
  @JsonProperty("hevc")
  HEVC,
  @JsonProperty("av1")
  AV1,
  @JsonProperty("vp9")
  VP9
}
