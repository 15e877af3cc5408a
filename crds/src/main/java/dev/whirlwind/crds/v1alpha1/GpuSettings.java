package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The GPU a gpu or auto profile's pods request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GpuSettings {
  @Default("nvidia.com/gpu")
  @Pattern("^[a-z0-9.-]+/[a-z0-9.-]+$")
  @JsonPropertyDescription("Extended resource name of the GPU.")
  public String resourceName = "nvidia.com/gpu";

  @Min(1)
  @Max(16)
  @Default("1")
  @JsonPropertyDescription("GPUs per transcoder pod.")
  public Integer count = 1;

  @Min(1)
  @Max(64)
  @Default("3")
  @JsonPropertyDescription("Concurrent hardware sessions per GPU; jobs past it run on the CPU.")
  public Integer sessionsPerGpu = 3;
}
