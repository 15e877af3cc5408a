package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The one list of objects a catalog owns for its trackers, in the order they are applied. The
 * reconciler reconciles these dependents; render mode prints what the same dependents render.
 */
public final class TrackerObjects {
  private TrackerObjects() {}

  public static List<OwnedDependent<? extends HasMetadata, VideoCatalog, CatalogInputs>> dependents(
      BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs,
      OperatorConfig.NetworkPolicies policies) {
    List<OwnedDependent<? extends HasMetadata, VideoCatalog, CatalogInputs>> out =
        new ArrayList<>();
    // The policy before the pods: their admin port is never open to clients.
    if (policies.enabled()) {
      out.add(new TrackerNetworkPolicy(inputs, policies));
    }
    out.add(new TrackerConfigMap(inputs));
    out.add(new TrackerHeadlessService(inputs));
    out.add(new TrackerClientService(inputs));
    out.add(new TrackerStatefulSet(inputs));
    return List.copyOf(out);
  }

  public static List<HasMetadata> render(
      VideoCatalog catalog, CatalogInputs inputs, OperatorConfig.NetworkPolicies policies) {
    return dependents((c, ctx) -> inputs, policies).stream()
        .<HasMetadata>map(d -> d.render(catalog, inputs))
        .toList();
  }
}
