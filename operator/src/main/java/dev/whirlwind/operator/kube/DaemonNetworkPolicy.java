package dev.whirlwind.operator.kube;

import dev.whirlwind.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ingress policy of a daemon's pods: client ports open to everyone, the admin API only to the
 * operator's pods and to Whirlwind's own pods in the namespace (caches heartbeat to trackers,
 * transcoders store renditions in caches). A port a rule does not name is closed.
 */
public final class DaemonNetworkPolicy {
  /** Set on every namespace by Kubernetes 1.22+. */
  public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private DaemonNetworkPolicy() {}

  /**
   * @param labels the policy's own labels
   * @param pods the labels that select the daemon's pods
   */
  public static NetworkPolicy of(
      String name,
      String namespace,
      Map<String, String> labels,
      Map<String, String> pods,
      List<NetworkPolicyIngressRule> rules) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(pods)
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(rules)
        .endSpec()
        .build();
  }

  /** {@code ports} reachable from anywhere: what clients use. */
  public static NetworkPolicyIngressRule open(NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder().withPorts(ports).build();
  }

  /** {@code ports} reachable only from {@code peers}. */
  public static NetworkPolicyIngressRule only(
      List<NetworkPolicyPeer> peers, NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder().withFrom(peers).withPorts(ports).build();
  }

  /** The operator's pods, and the namespaces allowed to scrape metrics from every port. */
  public static List<NetworkPolicyPeer> operatorAndMetrics(OperatorConfig.NetworkPolicies p) {
    List<NetworkPolicyPeer> from = new ArrayList<>();
    from.add(
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(namespace(p.operatorNamespace()))
            .withPodSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(Labels.NAME, Labels.OPERATOR))
                    .build())
            .build());
    for (String ns : p.metricsNamespaces()) {
      from.add(new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace(ns)).build());
    }
    return from;
  }

  /** As {@link #operatorAndMetrics}, and every pod of this namespace the operator manages. */
  public static List<NetworkPolicyPeer> operatorMetricsAndDaemons(
      OperatorConfig.NetworkPolicies p) {
    List<NetworkPolicyPeer> from = new ArrayList<>(operatorAndMetrics(p));
    from.add(
        new NetworkPolicyPeerBuilder()
            .withPodSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR))
                    .build())
            .build());
    return from;
  }

  public static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  public static NetworkPolicyPort udp(int port) {
    return port("UDP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector namespace(String name) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(NAMESPACE_NAME, name)).build();
  }
}
