package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The volume each cache node stores contents on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.storageClassName) == has(oldSelf.storageClassName)"
            + " && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
    message = "storageClassName is immutable: existing volume claims cannot change class")
public class CachePoolStorage {
  @Required
  @Pattern(ApiGroup.QUANTITY_PATTERN)
  @JsonPropertyDescription(
      "Size of each node's volume claim, as a Kubernetes quantity (e.g. 500Gi). It may grow; a"
          + " shrink is refused.")
  public String size;

  @JsonPropertyDescription("Storage class of the volume claims; the cluster default when unset.")
  public String storageClassName;

  public CachePoolStorage() {}

  public CachePoolStorage(String size, String storageClassName) {
    this.size = size;
    this.storageClassName = storageClassName;
  }
}
