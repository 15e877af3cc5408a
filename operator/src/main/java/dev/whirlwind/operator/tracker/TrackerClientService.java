package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;

/**
 * Load-balances the catalog's shards, for readers that may ask any shard (swarm reports, metrics).
 * A content's documents and announces belong to its owning shard, which the status URLs and the
 * torrents name directly.
 */
public class TrackerClientService extends OwnedDependent<Service, VideoCatalog, CatalogInputs> {
  public TrackerClientService(
      BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs) {
    super(Service.class, inputs);
  }

  @Override
  public Service render(VideoCatalog catalog, CatalogInputs inputs) {
    return TrackerServices.service(catalog, TrackerNames.of(catalog).clientService(), false);
  }
}
