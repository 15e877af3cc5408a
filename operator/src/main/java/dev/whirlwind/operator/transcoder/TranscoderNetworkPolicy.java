package dev.whirlwind.operator.transcoder;

import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.kube.Labels;
import dev.whirlwind.operator.kube.OwnedDependent;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A transcoder's one port is its admin API (jobs: CPU- or GPU-hours each), and only the operator
 * calls it: ingress from the operator's pods, and from the namespaces allowed to scrape /metrics.
 */
public final class TranscoderNetworkPolicy
    extends OwnedDependent<NetworkPolicy, TranscodeProfile, ProfileInputs> {
  /** Set on every namespace by Kubernetes 1.22+. */
  static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

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
    List<NetworkPolicyPeer> from = new ArrayList<>();
    from.add(
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(NAMESPACE_NAME, policies.operatorNamespace()))
                    .build())
            .withPodSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(Labels.NAME, Labels.OPERATOR))
                    .build())
            .build());
    for (String ns : policies.metricsNamespaces()) {
      from.add(
          new NetworkPolicyPeerBuilder()
              .withNamespaceSelector(
                  new LabelSelectorBuilder().withMatchLabels(Map.of(NAMESPACE_NAME, ns)).build())
              .build());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(names.deployment())
        .withNamespace(names.namespace())
        .withLabels(Labels.of(TranscoderNames.DAEMON, names.profile(), TranscoderNames.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.selector(TranscoderNames.DAEMON, names.profile()))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(from)
        .withPorts(
            new NetworkPolicyPortBuilder()
                .withProtocol("TCP")
                .withPort(new IntOrString(TranscoderNames.HTTP_PORT))
                .build())
        .endIngress()
        .endSpec()
        .build();
  }
}
