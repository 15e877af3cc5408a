package dev.whirlwind.operator.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.locate.ClusterDnsLocator;
import dev.whirlwind.protocol.config.ConfigLoader;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog's tracker objects: one pod per shard, stable names, state that survives restarts. */
class TrackerObjectsTest {
  static VideoCatalog catalog(int shards) {
    VideoCatalog c = new VideoCatalog();
    c.getMetadata().setName("films");
    c.getMetadata().setNamespace("video");
    c.setSpec(new VideoCatalogSpec());
    c.getSpec().cachePool = "edge";
    c.getSpec().trackers.shards = shards;
    c.getSpec().trackers.announceIntervalSeconds = 120;
    c.getSpec().scheduling.mirrorExtraLoadPercent = 25;
    return c;
  }

  private static List<String> shards(VideoCatalog c) {
    return new ClusterDnsLocator().trackerShards("video", "films", c.getSpec().trackers.shards);
  }

  @Test
  void everyShardIsAPodWithAStableNameItsTorrentsAnnounceTo() {
    VideoCatalog c = catalog(3);
    List<HasMetadata> objects =
        TrackerObjects.render(
            c,
            new CatalogInputs(OperatorConfig.defaults().images(), shards(c)),
            OperatorConfig.defaults().networkPolicies());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("ConfigMap", "Service", "Service", "StatefulSet");
    StatefulSet sts = (StatefulSet) objects.get(3);
    assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sts.getSpec().getServiceName()).isEqualTo("films-tracker-shards");
    assertThat(sts.getSpec().getVolumeClaimTemplates())
        .extracting(v -> v.getMetadata().getName())
        .containsExactly("state");
    var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> assertThat(m.getMountPath()).isEqualTo(TrackerDaemonConfigRenderer.STATE_DIR));
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("WHIRLWIND_SHARD_INDEX");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .contains("apps.kubernetes.io/pod-index");
            });
    assertThat(container.getPorts())
        .extracting(p -> p.getProtocol())
        .containsExactly("TCP", "UDP", "TCP", "TCP");
    Service headless = (Service) objects.get(1);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(shards(c).get(2))
        .isEqualTo("http://films-tracker-2.films-tracker-shards.video.svc:6969");
  }

  @Test
  void theRenderedConfigLoadsInTheDaemon(@TempDir Path dir) throws Exception {
    VideoCatalog c = catalog(2);
    Path file =
        Files.writeString(
            dir.resolve("config.yaml"), TrackerDaemonConfigRenderer.yaml(c, shards(c)));
    TrackerDaemonConfig t =
        ConfigLoader.load(
            TrackerDaemonConfig.class,
            TrackerDaemonConfig.defaults(),
            file,
            Map.of("WHIRLWIND_SHARD_INDEX", "1"));
    assertThat(t.shardIndex()).isEqualTo(1);
    assertThat(t.shardUrls()).isEqualTo(shards(c));
    assertThat(t.announceIntervalSeconds()).isEqualTo(120);
    assertThat(t.mirrorExtraLoadPercent()).isEqualTo(25);
    assertThat(t.stateDir()).isEqualTo(TrackerDaemonConfigRenderer.STATE_DIR);
  }

  @Test
  void aNetworkPolicyOpensAnnouncesToAllAndTheAdminPortToWhirlwindOnly() {
    VideoCatalog c = catalog(2);
    List<HasMetadata> objects =
        TrackerObjects.render(
            c,
            new CatalogInputs(OperatorConfig.defaults().images(), shards(c)),
            new OperatorConfig.NetworkPolicies(true, "whirlwind-system", List.of()));
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("NetworkPolicy", "ConfigMap", "Service", "Service", "StatefulSet");
    NetworkPolicy policy = (NetworkPolicy) objects.get(0);
    StatefulSet sts = (StatefulSet) objects.get(4);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(sts.getSpec().getSelector().getMatchLabels());
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort() + "/" + p.getProtocol())
        .containsExactly("http=6969/TCP", "udp=6969/UDP", "ws=6971/TCP", "admin=6970/TCP");
    Service shards = (Service) objects.get(2);
    assertThat(shards.getSpec().getPorts()).extracting(p -> p.getName()).contains("admin");
    Service clients = (Service) objects.get(3);
    assertThat(clients.getSpec().getPorts())
        .extracting(p -> p.getName())
        .containsExactly("http", "udp", "ws");

    var open = policy.getSpec().getIngress().get(0);
    assertThat(open.getFrom()).isNullOrEmpty();
    assertThat(open.getPorts())
        .extracting(p -> p.getProtocol() + ":" + p.getPort().getIntVal())
        .containsExactly("TCP:6969", "UDP:6969", "TCP:6971");
    var admin = policy.getSpec().getIngress().get(1);
    assertThat(admin.getPorts())
        .extracting(p -> p.getProtocol() + ":" + p.getPort().getIntVal())
        .containsExactly("TCP:6970");
    assertThat(admin.getFrom())
        .extracting(p -> p.getPodSelector().getMatchLabels())
        .containsExactly(
            Map.of("app.kubernetes.io/name", "whirlwind-operator"),
            Map.of("app.kubernetes.io/managed-by", "whirlwind-operator"));
  }
}
