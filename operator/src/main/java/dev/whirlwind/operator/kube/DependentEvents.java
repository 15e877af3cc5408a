package dev.whirlwind.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/** Reconciles an owned object and explains what changed with an Event. */
public final class DependentEvents {
  private DependentEvents() {}

  public static <P extends HasMetadata> void reconcile(
      EventRecorder events,
      P primary,
      Context<P> context,
      KubernetesDependentResource<? extends HasMetadata, P> dependent) {
    ReconcileResult<?> result = dependent.reconcile(primary, context);
    result
        .getResourceOperations()
        .forEach(
            (resource, operation) -> {
              if (operation != ReconcileResult.Operation.NONE
                  && resource instanceof HasMetadata r) {
                String verb =
                    operation == ReconcileResult.Operation.CREATED ? "Created" : "Updated";
                events.record(
                    primary,
                    EventRecorder.Type.Normal,
                    verb,
                    verb + " " + r.getKind() + " " + r.getMetadata().getName());
              }
            });
  }
}
