package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;

/**
 * Voluntary disruptions (node drains) take one cache node at a time, so the contents kept on {@code
 * replicas} nodes stay served.
 */
public class CachePoolDisruptionBudget
    extends OwnedDependent<PodDisruptionBudget, CachePool, PoolInputs> {
  public CachePoolDisruptionBudget(BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs) {
    super(PodDisruptionBudget.class, inputs);
  }

  @Override
  public PodDisruptionBudget render(CachePool pool, PoolInputs inputs) {
    CachePoolNames names = CachePoolNames.of(pool);
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(names.disruptionBudget())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(Labels.selector(CachePoolNames.DAEMON, names.pool()))
        .endSelector()
        .endSpec()
        .build();
  }
}
