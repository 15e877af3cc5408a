package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last allocation the scheduler pushed to a pool, and what it achieved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BandwidthAllocation {
  @JsonPropertyDescription("When the allocation was pushed (RFC 3339).")
  public String time;

  @JsonPropertyDescription("Sum of the shares pushed, in bytes per second.")
  public Long totalShareBytesPerSecond;

  @JsonPropertyDescription("Number of swarms that received a share.")
  public Integer swarms;

  @JsonPropertyDescription("Total download rate divided by cloud bandwidth, as measured.")
  public Double bandwidthMultiplier;
}
