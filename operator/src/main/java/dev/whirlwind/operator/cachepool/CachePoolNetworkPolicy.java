package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.DaemonNetworkPolicy;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A pool's nodes serve contents to anyone and their admin API (orders, uploads, shares) only to the
 * operator and to the namespace's Whirlwind pods: the transcoders that store renditions there.
 */
public final class CachePoolNetworkPolicy
    extends OwnedDependent<NetworkPolicy, CachePool, PoolInputs> {
  private final OperatorConfig.NetworkPolicies policies;

  public CachePoolNetworkPolicy(
      BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs,
      OperatorConfig.NetworkPolicies policies) {
    super(NetworkPolicy.class, inputs);
    this.policies = policies;
  }

  @Override
  public NetworkPolicy render(CachePool pool, PoolInputs inputs) {
    CachePoolNames names = CachePoolNames.of(pool);
    return DaemonNetworkPolicy.of(
        names.statefulSet(),
        names.namespace(),
        Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT),
        Labels.selector(CachePoolNames.DAEMON, names.pool()),
        List.of(
            DaemonNetworkPolicy.open(DaemonNetworkPolicy.tcp(CachePoolNames.HTTP_PORT)),
            DaemonNetworkPolicy.only(
                DaemonNetworkPolicy.operatorMetricsAndDaemons(policies),
                DaemonNetworkPolicy.tcp(CachePoolNames.ADMIN_PORT))));
  }
}
