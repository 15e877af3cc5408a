package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
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
