package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.EventRecorder;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
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
      BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs,
      EventRecorder events,
      OperatorConfig.NetworkPolicies policies) {
    List<OwnedDependent<? extends HasMetadata, CachePool, PoolInputs>> out = new ArrayList<>();
    // The policy before the pods: their admin port is never open to clients.
    if (policies.enabled()) {
      out.add(new CachePoolNetworkPolicy(inputs, policies));
    }
    out.add(new CachePoolConfigMap(inputs));
    out.add(new CachePoolHeadlessService(inputs));
    out.add(new CachePoolClientService(inputs));
    out.add(new CachePoolDisruptionBudget(inputs));
    out.add(new CachePoolStatefulSet(inputs, events));
    return List.copyOf(out);
  }

  /** Every object of the pool, as the reconciler would apply it. */
  public static List<HasMetadata> render(
      CachePool pool, PoolInputs inputs, OperatorConfig.NetworkPolicies policies) {
    return dependents((p, c) -> inputs, null, policies).stream()
        .<HasMetadata>map(d -> d.render(pool, inputs))
        .toList();
  }
}
