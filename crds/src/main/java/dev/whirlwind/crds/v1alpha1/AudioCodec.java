package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Audio codec of a rendition; copy keeps the source's audio untouched (encoded as AAC when MP4
 * cannot carry its codec); none drops the audio track.
 */
public enum AudioCodec {
  @JsonProperty("aac")
  AAC,
  @JsonProperty("opus")
  OPUS,
  @JsonProperty("copy")
  COPY,
  @JsonProperty("none")
  NONE
}
