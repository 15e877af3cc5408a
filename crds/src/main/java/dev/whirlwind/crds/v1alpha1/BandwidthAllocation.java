package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The last allocation the scheduler pushed to a pool, and what it achieved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BandwidthAllocation {
  @JsonPropertyDescription("When the allocation was pushed (RFC 3339).")
  public String time;

  @JsonPropertyDescription("Sum of the shares pushed, in bytes per second.")
  public Long totalShareBytesPerSecond;

  @JsonPropertyDescription("Number of swarms that received a share.")
  public Integer swarms;

  @JsonPropertyDescription(
      "Download rate of the pool's swarms divided by the cloud bandwidth they received, as"
          + " measured over the last interval.")
  public Double bandwidthMultiplier;

  @JsonPropertyDescription("The multiplier the fitted models predict for the pushed shares.")
  public Double modelledMultiplier;

  @JsonPropertyDescription(
      "Whether the solution is the exact optimum (no cache capacity bound the placement).")
  public Boolean exact;

  @JsonPropertyDescription("The swarms with the largest shares.")
  public List<SwarmAllocation> topSwarms;

  @JsonPropertyDescription("Daemons the last round could not reach; they keep their last shares.")
  public List<String> unreachable;
}
