package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.DaemonNetworkPolicy;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A transcoder's one port is its admin API (jobs: CPU- or GPU-hours each), and only the operator
 * calls it: ingress from the operator's pods, and from the namespaces allowed to scrape /metrics.
 */
public final class TranscoderNetworkPolicy
    extends OwnedDependent<NetworkPolicy, TranscodeProfile, ProfileInputs> {
  private final OperatorConfig.NetworkPolicies policies;

  public TranscoderNetworkPolicy(
      BiFunction<TranscodeProfile, Context<TranscodeProfile>, ProfileInputs> inputs,
      OperatorConfig.NetworkPolicies policies) {
    super(NetworkPolicy.class, inputs);
    this.policies = policies;
  }

  @Override
  public NetworkPolicy render(TranscodeProfile profile, ProfileInputs inputs) {
    TranscoderNames names = TranscoderNames.of(profile);
    return DaemonNetworkPolicy.of(
        names.deployment(),
        names.namespace(),
        Labels.of(TranscoderNames.DAEMON, names.profile(), TranscoderNames.COMPONENT),
        Labels.selector(TranscoderNames.DAEMON, names.profile()),
        List.of(
            DaemonNetworkPolicy.only(
                DaemonNetworkPolicy.operatorAndMetrics(policies),
                DaemonNetworkPolicy.tcp(TranscoderNames.HTTP_PORT))));
  }
}
