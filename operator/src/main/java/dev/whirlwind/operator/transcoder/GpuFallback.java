package dev.whirlwind.operator.transcoder;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a profile's GPU pods cannot be placed: a pod the scheduler marked {@code
 * PodScheduled=False (Unschedulable)} for longer than the grace period. Pure: the pods and the time
 * are given.
 *
 * @param since when the longest-waiting pod became unschedulable
 * @param message the scheduler's own words (e.g. "0/3 nodes are available: 3 Insufficient
 *     nvidia.com/gpu")
 */
public record GpuFallback(Instant since, String message) {
  /** The longest-unschedulable pod's condition, if any pod is unschedulable at all. */
  public static Optional<GpuFallback> unschedulable(List<Pod> pods) {
    GpuFallback oldest = null;
    for (Pod p : pods) {
      if (p.getStatus() == null || p.getStatus().getConditions() == null) {
        continue;
      }
      for (PodCondition c : p.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType())
            && "False".equals(c.getStatus())
            && "Unschedulable".equals(c.getReason())
            && c.getLastTransitionTime() != null) {
          Instant since = Instant.parse(c.getLastTransitionTime());
          if (oldest == null || since.isBefore(oldest.since())) {
            oldest =
                new GpuFallback(since, c.getMessage() == null ? "unschedulable" : c.getMessage());
          }
        }
      }
    }
    return Optional.ofNullable(oldest);
  }

  /** Whether it has waited longer than {@code grace} at {@code now}. */
  public boolean due(Instant now, Duration grace) {
    return !since.plus(grace).isAfter(now);
  }
}
