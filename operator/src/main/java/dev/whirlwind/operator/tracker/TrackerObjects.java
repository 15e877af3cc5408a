package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The one list of objects a catalog owns for its trackers, in the order they are applied. The
 * reconciler reconciles these dependents; render mode prints what the same dependents render.
 */
public final class TrackerObjects {
  private TrackerObjects() {}

  public static List<OwnedDependent<? extends HasMetadata, VideoCatalog, CatalogInputs>> dependents(
      BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs) {
    return List.of(
        new TrackerConfigMap(inputs),
        new TrackerHeadlessService(inputs),
        new TrackerClientService(inputs),
        new TrackerStatefulSet(inputs));
  }

  public static List<HasMetadata> render(VideoCatalog catalog, CatalogInputs inputs) {
    return dependents((c, ctx) -> inputs).stream()
        .<HasMetadata>map(d -> d.render(catalog, inputs))
        .toList();
  }
}
