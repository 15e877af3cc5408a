package dev.whirlwind.cache;

import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.testing.ConfigOverrides;
import java.nio.file.Path;
import java.util.List;

/** Cache configurations for tests: loopback, an ephemeral port, the store under a temp dir. */
public final class CacheTestConfigs {
  private CacheTestConfigs() {}

  public static CacheDaemonConfig cache(Path data, String transport) {
    return cache(data, transport, data.resolve("no-token").toString(), 0, List.of());
  }

  /**
   * Shaping stays on, but with the default share at the node's rate (125 MB/s) tests that are not
   * about shaping are not slowed by it.
   */
  public static CacheDaemonConfig cache(
      Path data, String transport, String tokenFile, long capacityBytes, List<String> trackers) {
    long rate = CacheDaemonConfig.defaults().bandwidthBytesPerSecond();
    return withRates(data, transport, tokenFile, capacityBytes, trackers, rate, rate);
  }

  public static CacheDaemonConfig withRates(
      Path data,
      String transport,
      String tokenFile,
      long capacityBytes,
      List<String> trackers,
      long nodeBytesPerSecond,
      long defaultShareBytesPerSecond) {
    CacheDaemonConfig d = CacheDaemonConfig.defaults();
    return new CacheDaemonConfig(
        "127.0.0.1",
        0,
        0,
        "http://127.0.0.1:1",
        "",
        tokenFile,
        data.toString(),
        capacityBytes,
        transport,
        nodeBytesPerSecond,
        defaultShareBytesPerSecond,
        d.eviction(),
        List.of(),
        d.maxConcurrentDownloads(),
        d.downloadStallTimeoutSeconds(),
        d.drainGracePeriodSeconds(),
        trackers.isEmpty() ? List.of() : List.of(trackers),
        1,
        d.downloadConnectionsPerSource(),
        d.http(),
        d.finishedDownloadsKept(),
        d.maxQueuedDownloads());
  }

  /** {@code c} with another connection limit. */
  public static CacheDaemonConfig withMaxConnections(CacheDaemonConfig c, int maxConnections) {
    return ConfigOverrides.with(
        c,
        java.util.Map.of(
            "http.maxConnections", maxConnections,
            "http.maxConnectionsPerAddress", maxConnections));
  }

  /** {@code c} with other origin networks for downloads and another stall timeout. */
  public static CacheDaemonConfig withDownloads(
      CacheDaemonConfig c, List<String> allowedOriginNetworks, int stallSeconds) {
    return ConfigOverrides.with(
        c,
        java.util.Map.of(
            "allowedOriginNetworks", allowedOriginNetworks,
            "downloadStallTimeoutSeconds", stallSeconds));
  }
}
