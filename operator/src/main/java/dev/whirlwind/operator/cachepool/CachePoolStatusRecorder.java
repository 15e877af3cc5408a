package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.BandwidthAllocation;
import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolStatus;
import dev.whirlwind.crds.v1alpha1.SwarmAllocation;
import dev.whirlwind.operator.kube.Conditions;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.Quantities;
import dev.whirlwind.operator.kube.StatusDiff;
import dev.whirlwind.operator.scheduling.AllocationReport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The one place that writes a pool's status and the Events that explain condition changes. A status
 * equal to the stored one is not written, so a reconcile that finds nothing new (after an operator
 * restart, say) changes no resourceVersion.
 */
final class CachePoolStatusRecorder {
  /** Whether the scheduler's last round reached every daemon of the pool. */
  static final String SCHEDULING = "Scheduling";

  private final EventRecorder events;
  private final Clock clock;

  CachePoolStatusRecorder(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  UpdateControl<CachePool> reconciled(CachePool pool, StatefulSet sts, AllocationReport round) {
    long generation = generation(pool);
    int desired = pool.getSpec().replicas;
    int ready = readyReplicas(sts);
    boolean allReady = ready >= desired && rolledOut(sts);
    List<Condition> conditions =
        new java.util.ArrayList<>(
            List.of(
                Conditions.of(
                    Conditions.READY,
                    allReady,
                    allReady ? "AllReplicasReady" : "ReplicasNotReady",
                    ready + " of " + desired + " cache nodes ready",
                    generation),
                Conditions.of(
                    Conditions.PROGRESSING,
                    !allReady,
                    allReady ? "RolledOut" : "RollingOut",
                    allReady
                        ? "every cache node runs the current configuration"
                        : "waiting for " + (desired - Math.min(ready, desired)) + " cache node(s)",
                    generation),
                Conditions.of(
                    Conditions.DEGRADED,
                    false,
                    "AsExpected",
                    "the pool is as specified",
                    generation)));
    if (round != null) {
      conditions.add(scheduling(round, generation));
    }
    CachePoolStatus next = next(pool, sts, conditions);
    if (round != null) {
      next.lastAllocation = allocation(round);
      next.storedBytes = round.storedBytes();
      next.uploadBytesPerSecond =
          round.uploadBytesPerSecond() < 0 ? null : round.uploadBytesPerSecond();
    }
    return write(pool, next);
  }

  /**
   * The scheduler's last round: True when it reached every daemon; a daemon it could not reach
   * keeps its last shares, and the condition names it.
   */
  private static Condition scheduling(AllocationReport round, long generation) {
    if (!round.unreachable().isEmpty()) {
      return Conditions.of(
          SCHEDULING,
          false,
          "DaemonsUnreachable",
          "the last round could not reach " + String.join("; ", round.unreachable()),
          generation);
    }
    return Conditions.of(
        SCHEDULING,
        true,
        round.swarms() == 0 ? "NoSwarms" : "Allocated",
        round.swarms() + " swarms share " + round.totalShareBytesPerSecond() + " B/s",
        generation);
  }

  static BandwidthAllocation allocation(AllocationReport r) {
    BandwidthAllocation a = new BandwidthAllocation();
    a.time = DateTimeFormatter.ISO_INSTANT.format(r.time().truncatedTo(ChronoUnit.SECONDS));
    a.totalShareBytesPerSecond = r.totalShareBytesPerSecond();
    a.swarms = r.swarms();
    a.bandwidthMultiplier = finite(r.measuredMultiplier());
    a.modelledMultiplier = finite(r.modelledMultiplier());
    a.exact = r.exact();
    a.topSwarms = new java.util.ArrayList<>();
    for (AllocationReport.TopSwarm t : r.top()) {
      SwarmAllocation s = new SwarmAllocation();
      s.contentId = t.contentId();
      s.shareBytesPerSecond = t.shareBytesPerSecond();
      s.leechers = t.leechers();
      s.seeders = t.seeders();
      s.downloadBytesPerSecond = t.downloadBytesPerSecond();
      a.topSwarms.add(s);
    }
    a.unreachable = r.unreachable().isEmpty() ? null : r.unreachable();
    return a;
  }

  /** Rounded to three decimals; null for NaN (no measurement yet). */
  private static Double finite(double x) {
    return Double.isFinite(x) ? Math.round(x * 1000) / 1000.0 : null;
  }

  UpdateControl<CachePool> refused(CachePool pool, StatefulSet sts, String reason, String message) {
    long generation = generation(pool);
    Condition previousReady = Conditions.find(current(pool).conditions, Conditions.READY);
    int ready = readyReplicas(sts);
    boolean stillReady = previousReady != null && "True".equals(previousReady.getStatus());
    List<Condition> conditions =
        List.of(
            Conditions.of(
                Conditions.READY,
                stillReady,
                stillReady ? "AllReplicasReady" : "ReplicasNotReady",
                ready + " cache nodes ready; the last accepted spec still runs",
                generation),
            Conditions.of(Conditions.PROGRESSING, false, reason, message, generation),
            Conditions.of(Conditions.DEGRADED, true, reason, message, generation));
    return write(pool, next(pool, sts, conditions));
  }

  ErrorStatusUpdateControl<CachePool> failed(CachePool pool, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    CachePoolStatus previous = current(pool);
    List<Condition> conditions =
        List.of(
            Conditions.of(Conditions.DEGRADED, true, "ReconcileFailed", message, generation(pool)));
    CachePoolStatus status = copy(previous);
    status.conditions = merge(previous.conditions, conditions);
    if (StatusDiff.same(status, previous)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    announce(pool, previous.conditions, status.conditions);
    pool.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(pool);
  }

  private CachePoolStatus next(CachePool pool, StatefulSet sts, List<Condition> conditions) {
    CachePoolStatus previous = current(pool);
    CachePoolStatus status = copy(previous);
    int desired = pool.getSpec().replicas;
    status.observedGeneration = generation(pool);
    status.replicas = desired;
    status.readyReplicas = readyReplicas(sts);
    status.ready = status.readyReplicas + "/" + desired;
    status.capacityBytes = desired * Quantities.bytes(pool.getSpec().storage.size);
    status.conditions = merge(previous.conditions, conditions);
    return status;
  }

  private UpdateControl<CachePool> write(CachePool pool, CachePoolStatus status) {
    CachePoolStatus previous = current(pool);
    if (StatusDiff.same(status, previous)) {
      return UpdateControl.noUpdate();
    }
    announce(pool, previous.conditions, status.conditions);
    pool.setStatus(status);
    return UpdateControl.patchStatus(pool);
  }

  private void announce(CachePool pool, List<Condition> before, List<Condition> after) {
    Conditions.announce(events, pool, before, after);
  }

  private List<Condition> merge(List<Condition> previous, List<Condition> fresh) {
    return Conditions.mergeKeeping(previous, fresh, clock);
  }

  private static CachePoolStatus current(CachePool pool) {
    return pool.getStatus() == null ? new CachePoolStatus() : pool.getStatus();
  }

  private static CachePoolStatus copy(CachePoolStatus s) {
    CachePoolStatus c = new CachePoolStatus();
    c.observedGeneration = s.observedGeneration;
    c.replicas = s.replicas;
    c.readyReplicas = s.readyReplicas;
    c.ready = s.ready;
    c.capacityBytes = s.capacityBytes;
    c.storedBytes = s.storedBytes;
    c.uploadBytesPerSecond = s.uploadBytesPerSecond;
    c.lastAllocation = s.lastAllocation;
    c.conditions = s.conditions == null ? List.of() : List.copyOf(s.conditions);
    return c;
  }

  private static long generation(CachePool pool) {
    Long g = pool.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static int readyReplicas(StatefulSet sts) {
    if (sts == null || sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return sts.getStatus().getReadyReplicas();
  }

  /** The StatefulSet controller has seen the latest spec and every pod runs its revision. */
  private static boolean rolledOut(StatefulSet sts) {
    if (sts == null || sts.getStatus() == null) {
      return false;
    }
    var s = sts.getStatus();
    boolean observed =
        s.getObservedGeneration() == null
            || Objects.equals(s.getObservedGeneration(), sts.getMetadata().getGeneration());
    boolean sameRevision =
        s.getUpdateRevision() == null
            || Objects.equals(s.getUpdateRevision(), s.getCurrentRevision());
    return observed && sameRevision;
  }
}
