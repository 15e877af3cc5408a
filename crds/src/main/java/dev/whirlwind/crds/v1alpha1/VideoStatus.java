package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** The state of one video of a catalog. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoStatus {
  public String id;

  @JsonPropertyDescription("SHA-256 of the video's bytes, once a cache verified them.")
  public String contentId;

  @JsonPropertyDescription("Pending, Downloading, Cached, Transcoding, Ready or Failed.")
  public VideoPhase phase;

  @JsonPropertyDescription("Why the video is in this phase (machine-readable).")
  public String reason;

  public String message;

  @JsonPropertyDescription("Caches holding the video whole.")
  public Integer caches;

  public List<RenditionStatus> renditions;

  @Override
  public boolean equals(Object o) {
    return o instanceof VideoStatus v
        && Objects.equals(id, v.id)
        && Objects.equals(contentId, v.contentId)
        && phase == v.phase
        && Objects.equals(reason, v.reason)
        && Objects.equals(message, v.message)
        && Objects.equals(caches, v.caches)
        && Objects.equals(renditions, v.renditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, contentId, phase);
  }
}
