package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The one list of objects a pool owns, in the order they are applied (pods mount the ConfigMap and
 * need their Services for DNS). The reconciler reconciles these dependents; render mode prints what
 * the same dependents render. The admin-token Secret is shared by the namespace and never rendered.
 */
public final class CachePoolObjects {
  private CachePoolObjects() {}

  public static List<OwnedDependent<? extends HasMetadata, CachePool, PoolInputs>> dependents(
      BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs, EventRecorder events) {
    return List.of(
        new CachePoolConfigMap(inputs),
        new CachePoolHeadlessService(inputs),
        new CachePoolClientService(inputs),
        new CachePoolDisruptionBudget(inputs),
        new CachePoolStatefulSet(inputs, events));
  }

  /** Every object of the pool, as the reconciler would apply it. */
  public static List<HasMetadata> render(CachePool pool, PoolInputs inputs) {
    return dependents((p, c) -> inputs, null).stream()
        .<HasMetadata>map(d -> d.render(pool, inputs))
        .toList();
  }
}
