package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.DaemonNetworkPolicy;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A catalog's trackers answer announces (HTTP, UDP, browsers' WebSocket) and documents to anyone,
 * and their admin API (publishing, heartbeats, claims) only to the operator and to the namespace's
 * Whirlwind pods.
 */
public final class TrackerNetworkPolicy
    extends OwnedDependent<NetworkPolicy, VideoCatalog, CatalogInputs> {
  private final OperatorConfig.NetworkPolicies policies;

  public TrackerNetworkPolicy(
      BiFunction<VideoCatalog, Context<VideoCatalog>, CatalogInputs> inputs,
      OperatorConfig.NetworkPolicies policies) {
    super(NetworkPolicy.class, inputs);
    this.policies = policies;
  }

  @Override
  public NetworkPolicy render(VideoCatalog catalog, CatalogInputs inputs) {
    TrackerNames names = TrackerNames.of(catalog);
    return DaemonNetworkPolicy.of(
        names.statefulSet(),
        names.namespace(),
        Labels.of(TrackerNames.DAEMON, names.catalog(), TrackerNames.COMPONENT),
        Labels.selector(TrackerNames.DAEMON, names.catalog()),
        List.of(
            DaemonNetworkPolicy.open(
                DaemonNetworkPolicy.tcp(TrackerNames.HTTP_PORT),
                DaemonNetworkPolicy.udp(TrackerNames.HTTP_PORT),
                DaemonNetworkPolicy.tcp(TrackerNames.WEBSOCKET_PORT)),
            DaemonNetworkPolicy.only(
                DaemonNetworkPolicy.operatorMetricsAndDaemons(policies),
                DaemonNetworkPolicy.tcp(TrackerNames.ADMIN_PORT))));
  }
}
