package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How much one transcoder pod runs at once: jobs x threads per job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TranscoderConcurrency {
  @Min(1)
  @Max(64)
  @Default("1")
  @JsonPropertyDescription("Jobs one transcoder pod runs at once.")
  public Integer jobs = 1;

  @Min(1)
  @Max(128)
  @Default("2")
  @JsonPropertyDescription("Encoder threads per job.")
  public Integer threadsPerJob = 2;
}
