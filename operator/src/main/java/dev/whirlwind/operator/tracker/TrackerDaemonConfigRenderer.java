package dev.whirlwind.operator.tracker;

import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogSpec;
import dev.whirlwind.operator.kube.PodParts;
import dev.whirlwind.protocol.config.ConfigYaml;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import java.util.List;

/**
 * Renders a catalog's tracker daemon configuration: one pure function shared by the ConfigMap, the
 * pods' checksum annotation and standalone mode. Every shard reads the same file; in a cluster each
 * pod sets its own index from its StatefulSet ordinal ({@code WHIRLWIND_SHARD_INDEX}).
 */
public final class TrackerDaemonConfigRenderer {
  public static final String FILE_NAME = "config.yaml";
  public static final String STATE_DIR = "/var/lib/whirlwind-tracker";

  private TrackerDaemonConfigRenderer() {}

  /**
   * @param shardUrls every shard's base URL, in shard order
   */
  public static TrackerDaemonConfig render(VideoCatalog catalog, List<String> shardUrls) {
    VideoCatalogSpec spec = catalog.getSpec();
    TrackerDaemonConfig d = TrackerDaemonConfig.defaults();
    int interval = spec.trackers.announceIntervalSeconds;
    return new TrackerDaemonConfig(
        "0.0.0.0",
        TrackerNames.HTTP_PORT,
        TrackerNames.ADMIN_PORT,
        TrackerNames.HTTP_PORT,
        "epoll",
        0,
        interval,
        Math.min(d.minAnnounceIntervalSeconds(), interval),
        d.peerExpiryIntervals(),
        d.defaultNumwant(),
        d.maxNumwant(),
        d.maxScrapeInfoHashes(),
        STATE_DIR,
        PodParts.TOKEN_DIR + "/admin-token",
        d.cacheHeartbeatIntervalSeconds(),
        d.probeIntervalSeconds(),
        spec.scheduling.mirrorExtraLoadPercent,
        d.expectedClientBytesPerSecond(),
        0,
        shardUrls,
        TrackerClientUrls.of(catalog, shardUrls),
        d.maxRegistrations(),
        d.maxSwarms(),
        d.maxPeers(),
        d.http(),
        d.webSocket().withPort(TrackerNames.WEBSOCKET_PORT));
  }

  public static String yaml(VideoCatalog catalog, List<String> shardUrls) {
    return ConfigYaml.write(render(catalog, shardUrls));
  }
}
