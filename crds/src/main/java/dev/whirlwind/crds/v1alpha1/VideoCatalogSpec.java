package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A set of videos tracked by one tracker StatefulSet and cached by one CachePool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.trackers.announceIntervalSeconds <= self.scheduling.intervalSeconds",
    message =
        "trackers.announceIntervalSeconds must not exceed scheduling.intervalSeconds, or the"
            + " scheduler sees stale swarms")
public class VideoCatalogSpec {
  @Required
  @Pattern(ApiGroup.DNS_LABEL_PATTERN)
  @JsonPropertyDescription("Name of the CachePool (same namespace) that caches these videos.")
  public String cachePool;

  @Default("{}")
  @JsonPropertyDescription("Tracker shards and announce interval.")
  public TrackerSpec trackers = new TrackerSpec();

  @Default("{}")
  @JsonPropertyDescription("Cloud bandwidth scheduling knobs.")
  public SchedulingSpec scheduling = new SchedulingSpec();

  @Min(1)
  @Max(64)
  @Default("2")
  @JsonPropertyDescription("Default number of caches that keep each video.")
  public Integer replicas = 2;

  @JsonPropertyDescription("TranscodeProfile names every video is transcoded to.")
  public List<@Pattern(ApiGroup.DNS_LABEL_PATTERN) String> profiles;

  // 1,000 keeps the O(n^2) uniqueness rule inside the API server's CEL cost budget, and a
  // catalog object inside etcd's size limit; larger libraries split into several catalogs.
  @Size(max = 1000)
  @ValidationRule(
      value = "self.all(v, self.exists_one(w, w.id == v.id))",
      message = "video ids must be unique within a catalog")
  @JsonPropertyDescription("The videos.")
  public List<Video> videos;
}
