package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The state of one video of a catalog. Ready videos of a large catalog may be listed compactly (id,
 * phase, content ids only; {@code VideoCatalogStatus.urlTemplates} builds their URLs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoStatus {
  public String id;

  @JsonPropertyDescription("SHA-256 of the video's bytes, once a cache verified them.")
  public String contentId;

  @JsonPropertyDescription(
      "Hash of the sources, expected SHA-256 and size the content id was found for.")
  public String fingerprint;

  @JsonPropertyDescription("Pending, Downloading, Cached, Transcoding, Ready or Failed.")
  public VideoPhase phase;

  @JsonPropertyDescription("Why the video is in this phase (machine-readable).")
  public String reason;

  public String message;

  @JsonPropertyDescription("Size in bytes, once known.")
  public Long sizeBytes;

  @JsonPropertyDescription("Bytes downloaded and verified so far.")
  public Long bytesDone;

  public Integer percent;

  @JsonPropertyDescription("Caches holding the video whole.")
  public List<String> caches;

  public ClientUrls urls;

  public List<RenditionStatus> renditions;
}
