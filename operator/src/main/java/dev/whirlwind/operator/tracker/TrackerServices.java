package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;

/**
 * The two Services of a catalog's trackers; both carry HTTP, the UDP and the WebSocket tracker, the
 * per-shard one the admin port too, since the operator, caches and transcoders call each shard by
 * its name.
 */
final class TrackerServices {
  private TrackerServices() {}

  private static List<ServicePort> ports() {
    return List.of(
        port("http", TrackerNames.HTTP_PORT, "TCP"),
        port("udp", TrackerNames.HTTP_PORT, "UDP"),
        port("ws", TrackerNames.WEBSOCKET_PORT, "TCP"));
  }

  private static List<ServicePort> shardPorts() {
    return List.of(
        port("http", TrackerNames.HTTP_PORT, "TCP"),
        port("udp", TrackerNames.HTTP_PORT, "UDP"),
        port("ws", TrackerNames.WEBSOCKET_PORT, "TCP"),
        port("admin", TrackerNames.ADMIN_PORT, "TCP"));
  }

  private static ServicePort port(String name, int port, String protocol) {
    return new ServicePortBuilder()
        .withName(name)
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .withProtocol(protocol)
        .build();
  }

  static Service service(VideoCatalog catalog, String name, boolean headless) {
    TrackerNames names = TrackerNames.of(catalog);
    var spec =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(names.namespace())
            .withLabels(Labels.of(TrackerNames.DAEMON, names.catalog(), TrackerNames.COMPONENT))
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP");
    if (headless) {
      // A shard keeps its DNS name while it restarts: torrents announce to it.
      spec = spec.withClusterIP("None").withClusterIPs("None").withPublishNotReadyAddresses(true);
    }
    return spec.withSelector(Labels.selector(TrackerNames.DAEMON, names.catalog()))
        .withSessionAffinity("None")
        .withIpFamilyPolicy("SingleStack")
        .withInternalTrafficPolicy("Cluster")
        .withPorts(headless ? shardPorts() : ports())
        .endSpec()
        .build();
  }
}
