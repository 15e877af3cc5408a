package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** A pool of cache daemons: cloud downloading, storage and shaped serving. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.defaultShareBytesPerSecond <= self.bandwidthBytesPerSecond",
    message = "defaultShareBytesPerSecond must not exceed bandwidthBytesPerSecond")
@ValidationRule(
    value =
        "!has(self.publicUrlTemplate) || self.publicUrlTemplate.contains('{pod}')"
            + " || self.publicUrlTemplate.contains('{ordinal}')",
    message = "publicUrlTemplate must name {pod} or {ordinal}: every node needs a URL of its own")
public class CachePoolSpec {
  /** No share is below this, so that no transfer stalls (DESIGN.md, bandwidth shares). */
  public static final long MIN_SHARE_BYTES_PER_SECOND = 16 * 1024;

  @Min(1)
  @Max(1000)
  @Default("2")
  @JsonPropertyDescription("Number of cache nodes.")
  public Integer replicas = 2;

  @Required
  @JsonPropertyDescription("The volume each node stores contents on.")
  public CachePoolStorage storage;

  @Required
  @Min(131072)
  @JsonPropertyDescription("Upload capacity of one node in bytes per second (the node's cap).")
  public Long bandwidthBytesPerSecond;

  @Min(16384)
  @Default("262144")
  @JsonPropertyDescription(
      "Rate in bytes per second for a content the scheduler has not given a share yet.")
  public Long defaultShareBytesPerSecond = 262144L;

  @Default("epoll")
  @JsonPropertyDescription("Netty transport: io_uring, epoll (default) or nio.")
  public IoTransport transport = IoTransport.EPOLL;

  @Default("{}")
  @JsonPropertyDescription("Eviction policy and watermarks.")
  public Eviction eviction = new Eviction();

  @JsonPropertyDescription(
      "Networks (CIDR) that download orders may fetch from even though they are loopback,"
          + " link-local or private. Empty: only public addresses and registered caches.")
  public List<@Pattern(ApiGroup.CIDR_PATTERN) String> allowedOriginNetworks;

  @Min(1)
  @Max(1024)
  @Default("8")
  @JsonPropertyDescription("Cloud downloads one node runs at once; further orders queue.")
  public Integer maxConcurrentDownloads = 8;

  @Min(60)
  @Default("3600")
  @JsonPropertyDescription("A download that makes no progress for this long fails with a reason.")
  public Integer downloadStallTimeoutSeconds = 3600;

  @Min(0)
  @Default("30")
  @JsonPropertyDescription("On shutdown, how long active transfers may finish before exit.")
  public Integer drainGracePeriodSeconds = 30;

  @Pattern(ApiGroup.URL_TEMPLATE_PATTERN)
  @JsonPropertyDescription(
      "Base URL each node advertises to clients of the trackers' client ports (web seeds,"
          + " Metalink, JSON sources, redirects), for clients outside the cluster:"
          + " e.g. https://{pod}.video.example.com or https://video.example.com/{pool}/{ordinal}."
          + " Placeholders: {pod} (the pod's name), {ordinal} (its index; Kubernetes 1.28 or"
          + " later), {namespace}, {pool}. Unset: clients get the nodes' in-cluster names."
          + " Caches, trackers and the operator keep using the in-cluster names.")
  public String publicUrlTemplate;

  @JsonPropertyDescription("Container image override; the operator's default image when unset.")
  public String image;

  @JsonPropertyDescription("CPU and memory of each cache container.")
  public ResourceRequirements resources;

  @JsonPropertyDescription("Node selector for cache pods.")
  public Map<String, String> nodeSelector;

  @JsonPropertyDescription("Tolerations for cache pods.")
  public List<Toleration> tolerations;
}
