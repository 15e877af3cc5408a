package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One rendition of a video. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RenditionStatus {
  @JsonPropertyDescription("TranscodeProfile name.")
  public String profile;

  @JsonPropertyDescription("SHA-256 of the rendition's bytes, once transcoded.")
  public String contentId;

  @JsonPropertyDescription("Pending, Transcoding, Cached (replicating), Ready or Failed.")
  public VideoPhase phase;

  @JsonPropertyDescription("Why the rendition is in this phase (machine-readable).")
  public String reason;

  public String message;

  @JsonPropertyDescription("Share of the source transcoded, while transcoding.")
  public Integer percent;

  @JsonPropertyDescription("Caches holding the rendition whole.")
  public List<String> caches;

  public ClientUrls urls;
}
