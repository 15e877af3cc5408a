package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Knobs of the cloud bandwidth scheduler for one catalog's swarms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec {
  @Min(10)
  @Max(3600)
  @Default("300")
  @JsonPropertyDescription("Seconds between allocations (the seed system used 5 minutes).")
  public Integer intervalSeconds = 300;

  @Min(16384)
  @Default("30720")
  @JsonPropertyDescription(
      "Per-leecher rate below which a swarm is hungry and gets a floor (30 KB/s in the seed"
          + " system), in bytes per second.")
  public Long basicRateBytesPerSecond = 30720L;

  @Min(0)
  @Max(100)
  @Default("40")
  @JsonPropertyDescription("Bound on a third-party mirror's extra utilisation, percent.")
  public Integer mirrorExtraLoadPercent = 40;

  @Min(0)
  @Max(20)
  @Default("3")
  @JsonPropertyDescription(
      "Zero-mean dither on pushed shares, percent, so the model's exponent stays identifiable.")
  public Integer ditherPercent = 3;
}
