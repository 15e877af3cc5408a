package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.TranscodeProfileStatus;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.StatusDiff;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;

/** The one place that writes a profile's status and the Events that explain its conditions. */
final class TranscodeProfileStatusRecorder {
  private final EventRecorder events;
  private final Clock clock;

  TranscodeProfileStatusRecorder(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * @param fallback why the pods run on the CPU although the profile wants the GPU, or null
   * @param stuck why GPU pods do not start although the profile insists on the GPU, or null
   */
  UpdateControl<TranscodeProfile> reconciled(
      TranscodeProfile profile,
      String parametersHash,
      TranscoderMode mode,
      Long fallbackGeneration,
      Deployment deployment,
      String fallback,
      String stuck) {
    long g = generation(profile);
    int wanted = profile.getSpec().replicas;
    int ready = readyReplicas(deployment);
    boolean allReady = ready >= wanted;
    TranscodeProfileStatus s = copy(profile);
    s.observedGeneration = g;
    s.parametersHash = parametersHash;
    s.readyReplicas = ready;
    s.mode = mode.wire();
    s.cpuFallbackGeneration = fallbackGeneration;
    Condition degraded;
    if (fallback != null) {
      degraded = Conditions.of(Conditions.DEGRADED, true, "GpuUnschedulable", fallback, g);
    } else if (stuck != null) {
      degraded = Conditions.of(Conditions.DEGRADED, true, "GpuUnschedulable", stuck, g);
    } else {
      degraded = Conditions.of(Conditions.DEGRADED, false, "AsExpected", "runs as specified", g);
    }
    s.conditions =
        Conditions.mergeKeeping(
            current(profile).conditions,
            List.of(
                Conditions.of(
                    Conditions.READY,
                    allReady,
                    allReady ? "AllReplicasReady" : "ReplicasNotReady",
                    ready + " of " + wanted + " " + mode.wire() + " transcoders ready",
                    g),
                Conditions.of(
                    Conditions.PROGRESSING,
                    !allReady,
                    allReady ? "RolledOut" : "RollingOut",
                    allReady
                        ? "every transcoder runs the current profile"
                        : "waiting for transcoders",
                    g),
                degraded),
            clock);
    return write(profile, s);
  }

  /** An invalid profile: nothing is created or changed, and the conditions say why. */
  UpdateControl<TranscodeProfile> invalid(TranscodeProfile profile, String why) {
    long g = generation(profile);
    TranscodeProfileStatus s = copy(profile);
    s.observedGeneration = g;
    s.parametersHash = null;
    s.conditions =
        Conditions.mergeKeeping(
            current(profile).conditions,
            List.of(
                Conditions.of(Conditions.READY, false, "InvalidProfile", why, g),
                Conditions.of(Conditions.PROGRESSING, false, "InvalidProfile", why, g),
                Conditions.of(Conditions.DEGRADED, true, "InvalidProfile", why, g)),
            clock);
    return write(profile, s);
  }

  ErrorStatusUpdateControl<TranscodeProfile> failed(TranscodeProfile profile, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    TranscodeProfileStatus s = copy(profile);
    s.conditions =
        Conditions.mergeKeeping(
            current(profile).conditions,
            List.of(
                Conditions.of(
                    Conditions.DEGRADED, true, "ReconcileFailed", message, generation(profile))),
            clock);
    if (StatusDiff.same(s, current(profile))) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    Conditions.announce(events, profile, current(profile).conditions, s.conditions);
    profile.setStatus(s);
    return ErrorStatusUpdateControl.patchStatus(profile);
  }

  private UpdateControl<TranscodeProfile> write(
      TranscodeProfile profile, TranscodeProfileStatus s) {
    TranscodeProfileStatus previous = current(profile);
    if (StatusDiff.same(s, previous)) {
      return UpdateControl.noUpdate();
    }
    Conditions.announce(events, profile, previous.conditions, s.conditions);
    profile.setStatus(s);
    return UpdateControl.patchStatus(profile);
  }

  private static TranscodeProfileStatus current(TranscodeProfile p) {
    return p.getStatus() == null ? new TranscodeProfileStatus() : p.getStatus();
  }

  private static TranscodeProfileStatus copy(TranscodeProfile p) {
    TranscodeProfileStatus c = StatusDiff.copy(current(p), TranscodeProfileStatus.class);
    return c == null ? new TranscodeProfileStatus() : c;
  }

  private static int readyReplicas(Deployment d) {
    if (d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return d.getStatus().getReadyReplicas();
  }

  private static long generation(TranscodeProfile p) {
    Long g = p.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
