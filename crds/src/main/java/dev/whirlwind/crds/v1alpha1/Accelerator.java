package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * gpu uses hardware decode, scaling and encode where present; cpu uses software codecs; auto takes
 * a free GPU session, else the CPU (degrade, never fail).
 */
public enum Accelerator {
  @JsonProperty("gpu")
  GPU,
  @JsonProperty("cpu")
  CPU,
  @JsonProperty("auto")
  AUTO
}
