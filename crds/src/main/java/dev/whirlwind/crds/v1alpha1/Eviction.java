package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** When and how a cache node frees space. Pinned contents are never evicted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.lowWatermarkPercent < self.highWatermarkPercent",
    message = "lowWatermarkPercent must be below highWatermarkPercent")
public class Eviction {
  @Default("lfu")
  @JsonPropertyDescription("lfu (default), lru or fifo.")
  public EvictionPolicy policy = EvictionPolicy.LFU;

  @Min(1)
  @Max(100)
  @Default("90")
  @JsonPropertyDescription("Eviction starts when the volume is this full (percent).")
  public Integer highWatermarkPercent = 90;

  @Min(0)
  @Max(99)
  @Default("80")
  @JsonPropertyDescription("Eviction stops when the volume is down to this (percent).")
  public Integer lowWatermarkPercent = 80;
}
