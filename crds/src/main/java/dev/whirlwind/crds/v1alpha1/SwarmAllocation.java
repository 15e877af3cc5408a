package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One swarm's part of an allocation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SwarmAllocation {
  public String contentId;

  @JsonPropertyDescription("Cloud bandwidth pushed for it, summed over caches, bytes/s.")
  public Long shareBytesPerSecond;

  public Integer leechers;

  public Integer seeders;

  @JsonPropertyDescription("Its download rate as the tracker measured it, bytes/s.")
  public Long downloadBytesPerSecond;
}
