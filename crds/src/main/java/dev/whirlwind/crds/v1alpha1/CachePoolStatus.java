package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CachePoolStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Desired number of cache nodes.")
  public Integer replicas;

  @JsonPropertyDescription("Cache nodes passing their readiness probe.")
  public Integer readyReplicas;

  @JsonPropertyDescription("Ready nodes over desired nodes, for display (e.g. 2/3).")
  public String ready;

  @JsonPropertyDescription("Storage of all nodes together, in bytes.")
  public Long capacityBytes;

  @JsonPropertyDescription("Bytes of content stored on all nodes.")
  public Long storedBytes;

  @JsonPropertyDescription("Current upload rate of all nodes, in bytes per second.")
  public Long uploadBytesPerSecond;

  @JsonPropertyDescription("The last bandwidth allocation and its multiplier.")
  public BandwidthAllocation lastAllocation;

  @JsonPropertyDescription("Ready, Progressing and Degraded, with reasons.")
  public List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CachePoolStatus s)) {
      return false;
    }
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(replicas, s.replicas)
        && Objects.equals(readyReplicas, s.readyReplicas)
        && Objects.equals(ready, s.ready)
        && Objects.equals(capacityBytes, s.capacityBytes)
        && Objects.equals(storedBytes, s.storedBytes)
        && Objects.equals(uploadBytesPerSecond, s.uploadBytesPerSecond)
        && Objects.equals(lastAllocation, s.lastAllocation)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, readyReplicas, capacityBytes, conditions);
  }
}
