package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.function.BiFunction;

/** The cache daemons' configuration file. */
public class CachePoolConfigMap extends OwnedDependent<ConfigMap, CachePool, PoolInputs> {
  public CachePoolConfigMap(BiFunction<CachePool, Context<CachePool>, PoolInputs> inputs) {
    super(ConfigMap.class, inputs);
  }

  @Override
  public ConfigMap render(CachePool pool, PoolInputs inputs) {
    CachePoolNames names = CachePoolNames.of(pool);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.configMap())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT))
        .endMetadata()
        .withData(
            Map.of(
                CacheDaemonConfigRenderer.FILE_NAME,
                CacheDaemonConfigRenderer.yaml(pool, inputs.trackers())))
        .build();
  }
}
