package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The catalog's tracker shards. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.shards == oldSelf.shards",
    message = "shards is fixed within v1alpha1: contents are placed by hash(contentId) mod shards")
@ValidationRule(
    value =
        "!has(self.publicUrlTemplate) || self.shards == 1"
            + " || self.publicUrlTemplate.contains('{pod}')"
            + " || self.publicUrlTemplate.contains('{ordinal}')",
    message = "with several shards, publicUrlTemplate must name {pod} or {ordinal}")
public class TrackerSpec {
  @Min(1)
  @Max(64)
  @Default("1")
  @JsonPropertyDescription("Tracker shards; a content belongs to shard hash(contentId) mod shards.")
  public Integer shards = 1;

  @Min(30)
  @Max(3600)
  @Default("300")
  @JsonPropertyDescription(
      "Announce interval handed to BitTorrent clients, in seconds. Must not exceed the"
          + " scheduling interval.")
  public Integer announceIntervalSeconds = 300;

  @Pattern(ApiGroup.TRACKER_URL_TEMPLATE_PATTERN)
  @JsonPropertyDescription(
      "Base URL each shard advertises to clients of its client port (the .torrent's announce"
          + " URL, the Metalink's torrent link) and in the catalog's status URLs, for clients"
          + " outside the cluster: e.g. https://{pod}.video.example.com. Placeholders: {pod}"
          + " (<catalog>-tracker-<shard>), {ordinal} (the shard), {namespace}, {catalog}."
          + " Unset: the shards' in-cluster names.")
  public String publicUrlTemplate;

  @JsonPropertyDescription("Container image override.")
  public String image;

  @JsonPropertyDescription("CPU and memory of each tracker container.")
  public ResourceRequirements resources;
}
