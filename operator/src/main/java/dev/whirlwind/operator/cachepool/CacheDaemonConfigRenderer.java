package dev.whirlwind.operator.cachepool;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * checksum annotation and standalone mode.
 */
public final class CacheDaemonConfigRenderer {
  public static final String FILE_NAME = "config.yaml";
  public static final String CONFIG_DIR = "/etc/whirlwind";
  public static final String DATA_DIR = "/var/lib/whirlwind";
  public static final String TOKEN_DIR = "/var/run/whirlwind";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CacheDaemonConfigRenderer() {}

  public static CacheDaemonConfig render(CachePool pool) {
    CachePoolSpec spec = pool.getSpec();
    CachePoolNames names = CachePoolNames.of(pool);
    CacheDaemonConfig d = CacheDaemonConfig.defaults();
    return new CacheDaemonConfig(
        d.bindAddress(),
        CachePoolNames.HTTP_PORT,
        // Each pod overrides this with its own stable DNS name (WHIRLWIND_PUBLIC_BASE_URL).
        names.clientUrl(),
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
        List.of(),
        d.heartbeatIntervalSeconds(),
        d.downloadConnectionsPerSource(),
        d.maxConnections());
  }

  public static String yaml(CachePool pool) {
    return ConfigYaml.write(render(pool));
  }

  /** SHA-256 of the rendered file: a pod template annotation, so a change rolls the pods. */
  public static String checksum(CachePool pool) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(yaml(pool).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The enum's name as the CRD and the daemon spell it (its JSON value). */
  static String wireName(Enum<?> value) {
    return JSON.convertValue(value, String.class);
  }
}
