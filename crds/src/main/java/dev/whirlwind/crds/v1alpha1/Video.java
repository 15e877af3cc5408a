package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One video of a catalog: where to get it, how many caches keep it, and which renditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.sources) && size(self.sources) > 0)"
            + " || (has(self.mirrors) && size(self.mirrors) > 0)",
    message = "a video needs at least one source or mirror URL")
public class Video {
  @Required
  @Size(min = 1, max = 63)
  @Pattern(ApiGroup.DNS_LABEL_PATTERN)
  @JsonPropertyDescription("The catalog's name for the video (a DNS label).")
  public String id;

  @JsonPropertyDescription("Title for display.")
  public String title;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Origin URLs the caches download from (ranged, parallel, verified). Not handed to clients.")
  public List<@Pattern(ApiGroup.HTTP_URL_PATTERN) String> sources;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Third-party mirrors that serve the same bytes; handed to clients in Metalink, JSON and"
          + " redirects, never past their bounded extra load.")
  public List<@Pattern(ApiGroup.HTTP_URL_PATTERN) String> mirrors;

  @Pattern("^[0-9a-f]{64}$")
  @JsonPropertyDescription("Expected SHA-256 of the bytes (lowercase hex): the content id.")
  public String sha256;

  @Min(1)
  @JsonPropertyDescription("Expected size in bytes.")
  public Long sizeBytes;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Caches that keep this video; the catalog's default when unset.")
  public Integer replicas;

  @JsonPropertyDescription("TranscodeProfile names for this video; the catalog's when unset.")
  public List<@Pattern(ApiGroup.DNS_LABEL_PATTERN) String> profiles;

  @JsonPropertyDescription("A pinned video is never evicted.")
  public Boolean pin;

  public Video() {}

  public Video(String id, List<String> sources) {
    this.id = id;
    this.sources = sources;
  }
}
