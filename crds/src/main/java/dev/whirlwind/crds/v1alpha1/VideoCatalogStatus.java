package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed of a catalog. A catalog of up to 1,000 videos stays inside etcd's
 * object limit: every video that is not Ready is listed in full, Ready ones in full while the
 * status stays under a budget and compactly after that ({@code compactVideos} says how many).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoCatalogStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Ready videos over all videos, for display (e.g. 9/10).")
  public String ready;

  public Integer readyVideos;

  public Integer failedVideos;

  public Integer totalVideos;

  @JsonPropertyDescription("Tracker shard URLs, in shard order.")
  public List<String> trackers;

  @JsonPropertyDescription(
      "How to build a content's client URLs from its id ({contentId}), for compact entries.")
  public ClientUrls urlTemplates;

  @JsonPropertyDescription("Videos listed compactly (Ready, no URLs or caches) to bound the size.")
  public Integer compactVideos;

  @JsonPropertyDescription("Per-video phase, reason, progress and renditions, in spec order.")
  public List<VideoStatus> videos;

  @JsonPropertyDescription(
      "Contents of removed videos still being deleted from caches and trackers.")
  public List<String> pendingPurges;

  public List<Condition> conditions = new ArrayList<>();
}
