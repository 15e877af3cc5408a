package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a profile's transcoders. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TranscodeProfileStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Hash of the canonical effective parameters: the rendition key part.")
  public String parametersHash;

  public Integer readyReplicas;

  @JsonPropertyDescription(
      "Engines the transcoders found, e.g. nvdec+scale_cuda+libx264 when NVENC is absent.")
  public String engine;

  @JsonPropertyDescription("gpu or cpu: how the transcoder pods run now.")
  public String mode;

  @JsonPropertyDescription(
      "Generation of the spec whose GPU pods stayed unschedulable, so the pods run on the CPU;"
          + " a new generation tries the GPU again.")
  public Long cpuFallbackGeneration;

  public List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof TranscodeProfileStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(parametersHash, s.parametersHash)
        && Objects.equals(readyReplicas, s.readyReplicas)
        && Objects.equals(engine, s.engine)
        && Objects.equals(mode, s.mode)
        && Objects.equals(cpuFallbackGeneration, s.cpuFallbackGeneration)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, parametersHash, conditions);
  }
}
