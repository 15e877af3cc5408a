package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/** The cache daemons' configuration file. */
public class CachePoolConfigMap extends OwnedDependent<ConfigMap, CachePool> {
  public CachePoolConfigMap() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(CachePool pool, Context<CachePool> context) {
    return desired(pool);
  }

  public static ConfigMap desired(CachePool pool) {
    CachePoolNames names = CachePoolNames.of(pool);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.configMap())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(CachePoolNames.DAEMON, names.pool(), CachePoolNames.COMPONENT))
        .endMetadata()
        .withData(Map.of(CacheDaemonConfigRenderer.FILE_NAME, CacheDaemonConfigRenderer.yaml(pool)))
        .build();
  }
}
