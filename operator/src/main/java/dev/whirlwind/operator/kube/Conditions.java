package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes-convention conditions. {@code lastTransitionTime} changes only when a condition's
 * status changes, so a reconcile that finds nothing new writes nothing.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  private Conditions() {}

  public static Condition of(
      String type, boolean status, String reason, String message, long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .build();
  }

  /**
   * Merges freshly computed conditions into the previous list, keeping the previous transition time
   * where the status did not change.
   */
  public static List<Condition> merge(
      List<Condition> previous, List<Condition> fresh, Clock clock) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    List<Condition> merged = new ArrayList<>();
    for (Condition c : fresh) {
      Condition old = find(previous, c.getType());
      String time =
          old != null && Objects.equals(old.getStatus(), c.getStatus())
              ? old.getLastTransitionTime()
              : now;
      merged.add(new ConditionBuilder(c).withLastTransitionTime(time).build());
    }
    return merged;
  }

  /**
   * Like {@link #merge}, keeping the previous conditions that were not recomputed (Ready during a
   * failure, say) as they were; ordered by type.
   */
  public static List<Condition> mergeKeeping(
      List<Condition> previous, List<Condition> fresh, Clock clock) {
    List<Condition> prev = previous == null ? List.of() : previous;
    List<Condition> merged = new ArrayList<>(merge(prev, fresh, clock));
    for (Condition old : prev) {
      if (find(fresh, old.getType()) == null) {
        merged.add(old);
      }
    }
    merged.sort(java.util.Comparator.comparing(Condition::getType));
    return merged;
  }

  /**
   * One Event per condition whose status or reason changed. A resource's first conditions are news
   * only for Ready and for trouble (Degraded true).
   */
  public static void announce(
      EventRecorder events, HasMetadata about, List<Condition> before, List<Condition> after) {
    for (Condition c : after) {
      Condition old = find(before, c.getType());
      if (old != null
          && Objects.equals(old.getStatus(), c.getStatus())
          && Objects.equals(old.getReason(), c.getReason())) {
        continue;
      }
      boolean bad =
          (DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()))
              || (READY.equals(c.getType()) && "False".equals(c.getStatus()) && old != null);
      if (old == null && !bad && !READY.equals(c.getType())) {
        continue;
      }
      events.record(
          about,
          bad ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
          c.getReason(),
          c.getType() + "=" + c.getStatus() + ": " + c.getMessage());
    }
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && "True".equals(c.getStatus());
  }
}
