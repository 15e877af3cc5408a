package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;

/** The two Services of a catalog's trackers; both carry HTTP and the UDP tracker. */
final class TrackerServices {
  private TrackerServices() {}

  static List<ServicePort> ports() {
    return List.of(
        new ServicePortBuilder()
            .withName("http")
            .withPort(TrackerNames.HTTP_PORT)
            .withTargetPort(new IntOrString("http"))
            .withProtocol("TCP")
            .build(),
        new ServicePortBuilder()
            .withName("udp")
            .withPort(TrackerNames.HTTP_PORT)
            .withTargetPort(new IntOrString("udp"))
            .withProtocol("UDP")
            .build());
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
        .withPorts(ports())
        .endSpec()
        .build();
  }
}
