package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Fragmenting of a single-file HLS rendition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HlsSettings {
  @Min(1)
  @Max(60)
  @Default("6")
  @JsonPropertyDescription("Target fragment duration in seconds.")
  public Integer segmentSeconds = 6;
}
