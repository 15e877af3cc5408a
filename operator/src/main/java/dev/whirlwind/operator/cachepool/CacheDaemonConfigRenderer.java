package dev.whirlwind.operator.cachepool;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.CachePoolSpec;
import dev.whirlwind.operator.kube.Quantities;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.config.ConfigYaml;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders a pool's cache daemon configuration: one pure function shared by the ConfigMap, the pods'
 * checksum annotation and standalone mode. In a cluster every node reads the same file and sets its
 * own address from its pod name ({@code WHIRLWIND_PUBLIC_BASE_URL}).
 */
public final class CacheDaemonConfigRenderer {
  public static final String FILE_NAME = "config.yaml";
  public static final String CONFIG_DIR = "/etc/whirlwind";
  public static final String DATA_DIR = "/var/lib/whirlwind";
  public static final String TOKEN_DIR = "/var/run/whirlwind";

  private CacheDaemonConfigRenderer() {}

  /**
   * @param trackers shard URLs of every catalog naming the pool: the nodes register with each
   */
  public static CacheDaemonConfig render(CachePool pool, List<List<String>> trackers) {
    CachePoolSpec spec = pool.getSpec();
    CachePoolNames names = CachePoolNames.of(pool);
    CacheDaemonConfig d = CacheDaemonConfig.defaults();
    return new CacheDaemonConfig(
        d.bindAddress(),
        CachePoolNames.HTTP_PORT,
        CachePoolNames.ADMIN_PORT,
        // Each pod overrides this with its own stable DNS name (WHIRLWIND_PUBLIC_BASE_URL).
        names.clientUrl(),
        // Each pod sets its own from spec.publicUrlTemplate (WHIRLWIND_CLIENT_BASE_URL).
        "",
        TOKEN_DIR + "/admin-token",
        DATA_DIR,
        Quantities.bytes(spec.storage.size),
        wireName(spec.transport),
        spec.bandwidthBytesPerSecond,
        spec.defaultShareBytesPerSecond,
        new CacheDaemonConfig.Eviction(
            wireName(spec.eviction.policy),
            spec.eviction.highWatermarkPercent,
            spec.eviction.lowWatermarkPercent),
        spec.allowedOriginNetworks == null ? List.of() : List.copyOf(spec.allowedOriginNetworks),
        spec.maxConcurrentDownloads,
        spec.downloadStallTimeoutSeconds,
        spec.drainGracePeriodSeconds,
        trackers,
        d.heartbeatIntervalSeconds(),
        d.downloadConnectionsPerSource(),
        d.http(),
        d.finishedDownloadsKept(),
        d.maxQueuedDownloads());
  }

  public static String yaml(CachePool pool, List<List<String>> trackers) {
    return ConfigYaml.write(render(pool, trackers));
  }

  /** SHA-256 of the rendered file: a pod template annotation, so a change rolls the pods. */
  public static String checksum(CachePool pool, List<List<String>> trackers) {
    return sha256(yaml(pool, trackers));
  }

  /** Lowercase hex SHA-256 of a rendered file. */
  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String wireName(Enum<?> value) {
    return dev.whirlwind.operator.kube.WireNames.of(value);
  }
}
