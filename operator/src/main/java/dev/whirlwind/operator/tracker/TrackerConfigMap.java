package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.function.BiFunction;

/** The tracker daemons' configuration file, the same for every shard. */
public class TrackerConfigMap extends OwnedDependent<ConfigMap, VideoCatalog, CatalogInputs> {
  public TrackerConfigMap(BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs) {
    super(ConfigMap.class, inputs);
  }

  @Override
  public ConfigMap render(VideoCatalog catalog, CatalogInputs inputs) {
    TrackerNames names = TrackerNames.of(catalog);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(names.configMap())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(TrackerNames.DAEMON, names.catalog(), TrackerNames.COMPONENT))
        .endMetadata()
        .withData(
            Map.of(
                TrackerDaemonConfigRenderer.FILE_NAME,
                TrackerDaemonConfigRenderer.yaml(catalog, inputs.shardUrls())))
        .build();
  }
}
