package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.security.AdminTokenSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;

/**
 * Reconciles a {@link CachePool}: observe the existing StatefulSet, refuse what the cluster cannot
 * apply, reconcile the owned objects in dependency order, then record status.
 *
 * <p>The dependents are invoked explicitly rather than as a managed workflow so that a refused
 * change (a storage shrink or class change) leaves every owned object as it was.
 */
@ControllerConfiguration(name = "cachepool")
public class CachePoolReconciler implements Reconciler<CachePool> {
  private final AdminTokenSecret<CachePool> secret = new AdminTokenSecret<>();
  private final CachePoolConfigMap configMap = new CachePoolConfigMap();
  private final CachePoolHeadlessService headlessService = new CachePoolHeadlessService();
  private final CachePoolClientService clientService = new CachePoolClientService();
  private final CachePoolDisruptionBudget disruptionBudget = new CachePoolDisruptionBudget();
  private final CachePoolStatefulSet statefulSet;
  private final CachePoolStatusRecorder status;
  private final EventRecorder events;

  public CachePoolReconciler(OperatorConfig config, EventRecorder events, Clock clock) {
    this.events = events;
    this.statefulSet = new CachePoolStatefulSet(config.images(), events);
    this.status = new CachePoolStatusRecorder(events, clock);
  }

  private List<KubernetesDependentResource<? extends HasMetadata, CachePool>> dependents() {
    // Order matters: pods mount the Secret and ConfigMap, and need their Service for DNS.
    return List.of(
        secret, configMap, headlessService, clientService, disruptionBudget, statefulSet);
  }

  @Override
  public List<EventSource<?, CachePool>> prepareEventSources(
      EventSourceContext<CachePool> context) {
    return EventSourceUtils.dependentEventSources(
        context, dependents().toArray(KubernetesDependentResource[]::new));
  }

  @Override
  public UpdateControl<CachePool> reconcile(CachePool pool, Context<CachePool> context) {
    StatefulSet existing = statefulSet.getSecondaryResource(pool, context).orElse(null);
    StorageChange change = StorageChange.between(existing, pool);
    if (change.refusalReason() != null) {
      return status.refused(pool, existing, change.refusalReason(), change.refusalMessage());
    }
    for (var dependent : dependents()) {
      ReconcileResult<?> result = dependent.reconcile(pool, context);
      recordChanges(pool, result);
    }
    StatefulSet current = statefulSet.getSecondaryResource(pool, context).orElse(existing);
    return status.reconciled(pool, current);
  }

  @Override
  public ErrorStatusUpdateControl<CachePool> updateErrorStatus(
      CachePool pool, Context<CachePool> context, Exception e) {
    return status.failed(pool, e);
  }

  private void recordChanges(CachePool pool, ReconcileResult<?> result) {
    result
        .getResourceOperations()
        .forEach(
            (resource, operation) -> {
              if (operation != ReconcileResult.Operation.NONE
                  && resource instanceof HasMetadata r) {
                String verb =
                    operation == ReconcileResult.Operation.CREATED ? "Created" : "Updated";
                events.record(
                    pool,
                    EventRecorder.Type.Normal,
                    verb,
                    verb + " " + r.getKind() + " " + r.getMetadata().getName());
              }
            });
  }
}
