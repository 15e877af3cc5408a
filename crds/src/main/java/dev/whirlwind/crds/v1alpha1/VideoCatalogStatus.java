package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed of a catalog. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VideoCatalogStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Ready videos over all videos, for display (e.g. 9/10).")
  public String ready;

  public Integer readyVideos;

  public Integer totalVideos;

  @JsonPropertyDescription("Per-video phase, reason and renditions.")
  public List<VideoStatus> videos;

  public List<Condition> conditions = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof VideoCatalogStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(ready, s.ready)
        && Objects.equals(readyVideos, s.readyVideos)
        && Objects.equals(totalVideos, s.totalVideos)
        && Objects.equals(videos, s.videos)
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, ready, conditions);
  }
}
