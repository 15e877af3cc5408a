package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Audio codec of a rendition; none drops the audio track. */
public enum AudioCodec {
  @JsonProperty("aac")
  AAC,
  @JsonProperty("opus")
  OPUS,
  @JsonProperty("none")
  NONE
}
