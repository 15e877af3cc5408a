package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** mp4 is a fast-start MP4; hls is a single-file fragmented MP4 with a byte-range playlist. */
public enum Container {
  @JsonProperty("mp4")
  MP4,
  @JsonProperty("hls")
  HLS
}
