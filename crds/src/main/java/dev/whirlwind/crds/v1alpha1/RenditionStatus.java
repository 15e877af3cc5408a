package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One rendition of a video. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RenditionStatus {
  @JsonPropertyDescription("TranscodeProfile name.")
  public String profile;

  @JsonPropertyDescription("SHA-256 of the rendition's bytes, once transcoded.")
  public String contentId;

  public VideoPhase phase;

  public String reason;

  @Override
  public boolean equals(Object o) {
    return o instanceof RenditionStatus r
        && Objects.equals(profile, r.profile)
        && Objects.equals(contentId, r.contentId)
        && phase == r.phase
        && Objects.equals(reason, r.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profile, contentId, phase, reason);
  }
}
