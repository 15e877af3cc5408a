package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;

/** Gives every shard the stable DNS name its torrents announce to. */
public class TrackerHeadlessService extends OwnedDependent<Service, VideoCatalog, CatalogInputs> {
  public TrackerHeadlessService(
      BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs) {
    super(Service.class, inputs);
  }

  @Override
  public Service render(VideoCatalog catalog, CatalogInputs inputs) {
    return TrackerServices.service(catalog, TrackerNames.of(catalog).headlessService(), true);
  }
}
