package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The one place that explains what happened to a resource: Kubernetes Events in a cluster ({@link
 * KubeEvents}), timestamped lines in standalone mode. Losing one must never fail a round.
 */
public interface EventRecorder {
  /** Event types of core/v1. */
  enum Type {
    Normal,
    Warning
  }

  void record(HasMetadata about, Type type, String reason, String message);
}
