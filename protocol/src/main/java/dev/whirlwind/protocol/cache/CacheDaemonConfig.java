package dev.whirlwind.protocol.cache;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.ConfigException;
import dev.whirlwind.protocol.config.Doc;
import dev.whirlwind.protocol.config.HttpLimits;
import dev.whirlwind.protocol.config.ValidatedConfig;
import java.util.List;

/**
 * Configuration of a cache daemon. The operator renders it into the pool's ConfigMap; the daemon
 * reads it with {@link dev.whirlwind.protocol.config.ConfigLoader}. Rates in bytes per second,
 * sizes in bytes.
 */
public record CacheDaemonConfig(
    @Doc("Address the HTTP server binds.") String bindAddress,
    @Doc(
            "Port of content serving, /healthz, /readyz and /metrics; of the admin API too unless"
                + " adminPort is set.")
        int port,
    @Doc(
            "Port of the admin API (and everything else), for the operator and the other daemons"
                + " only; 0 serves the admin API on port.")
        int adminPort,
    @Doc(
            "Base URL the tracker, the other caches and the operator use to reach this node (and"
                + " clients, unless clientBaseUrl is set); one per node, this node's identity.")
        String publicBaseUrl,
    @Doc(
            "Base URL the tracker hands to clients on its client port (web seeds, Metalink,"
                + " redirects) when they cannot use publicBaseUrl, as clients outside a cluster;"
                + " empty means publicBaseUrl.")
        String clientBaseUrl,
    @Doc("File holding the bearer token of the admin API.") String adminTokenFile,
    @Doc("Directory for contents and their metadata records.") String dataDir,
    @Doc("Bytes this node may store; 0 means the size of dataDir's file system.")
        long capacityBytes,
    @Doc("Netty transport: io_uring, epoll or nio; falls back in that order.") String transport,
    @Doc("Upload cap of this node in bytes per second.") long bandwidthBytesPerSecond,
    @Doc("Rate of a content without a scheduler share, bytes per second.")
        long defaultShareBytesPerSecond,
    Eviction eviction,
    @Doc("CIDR networks download orders may reach although loopback, link-local or private.")
        List<String> allowedOriginNetworks,
    @Doc("Cloud downloads run at once; further orders queue.") int maxConcurrentDownloads,
    @Doc("A download without progress for this long fails with a reason.")
        int downloadStallTimeoutSeconds,
    @Doc("On shutdown, seconds active transfers may take to finish.") int drainGracePeriodSeconds,
    @Doc(
            "Tracker shards this node registers and heartbeats with: one list per catalog it"
                + " serves, each in shard order (environment: lists separated by ';').")
        List<List<String>> trackers,
    @Doc("Seconds between heartbeats to the trackers.") int heartbeatIntervalSeconds,
    @Doc("Parallel ranged connections a cloud download opens to each source.")
        int downloadConnectionsPerSource,
    HttpLimits http,
    @Doc("Finished download orders remembered (listed, on disk); the oldest are forgotten past it.")
        int finishedDownloadsKept,
    @Doc("Download orders queued or running at most; further new ones get 503 too_many_orders.")
        int maxQueuedDownloads)
    implements ValidatedConfig {

  /** No share is below this, so that no transfer stalls. */
  public static final long MIN_SHARE_BYTES_PER_SECOND = 16 * 1024;

  public static final List<String> TRANSPORTS = List.of("io_uring", "epoll", "nio");

  /** Eviction policy and watermarks. */
  public record Eviction(
      @Doc("lfu, lru or fifo.") String policy,
      @Doc("Eviction starts when the store is this full, percent.") int highWatermarkPercent,
      @Doc("Eviction stops at this fill, percent.") int lowWatermarkPercent) {
    public static final List<String> POLICIES = List.of("lfu", "lru", "fifo");
  }

  public static CacheDaemonConfig defaults() {
    return new CacheDaemonConfig(
        "0.0.0.0",
        8080,
        0,
        "http://127.0.0.1:8080",
        "",
        "/var/run/whirlwind/admin-token",
        "/var/lib/whirlwind",
        0,
        "epoll",
        125_000_000,
        262_144,
        new Eviction("lfu", 90, 80),
        List.of(),
        8,
        3600,
        30,
        List.of(),
        30,
        4,
        HttpLimits.defaults(16_384, 1024),
        10_000,
        1000);
  }

  @Override
  public void validate() {
    Checks.notBlank("bindAddress", bindAddress);
    Checks.range("port", port, 1, 65535);
    Checks.range("adminPort", adminPort, 0, 65535);
    Checks.distinctPorts("adminPort", adminPort, "port", port);
    Checks.httpUrl("publicBaseUrl", publicBaseUrl);
    if (clientBaseUrl != null && !clientBaseUrl.isEmpty()) {
      Checks.httpUrl("clientBaseUrl", clientBaseUrl);
    }
    Checks.notBlank("adminTokenFile", adminTokenFile);
    Checks.notBlank("dataDir", dataDir);
    Checks.range("capacityBytes", capacityBytes, 0, Long.MAX_VALUE);
    Checks.oneOf("transport", transport, TRANSPORTS);
    Checks.range(
        "bandwidthBytesPerSecond",
        bandwidthBytesPerSecond,
        MIN_SHARE_BYTES_PER_SECOND,
        Long.MAX_VALUE);
    Checks.range(
        "defaultShareBytesPerSecond",
        defaultShareBytesPerSecond,
        MIN_SHARE_BYTES_PER_SECOND,
        bandwidthBytesPerSecond);
    Checks.oneOf("eviction.policy", eviction.policy(), Eviction.POLICIES);
    Checks.range("eviction.highWatermarkPercent", eviction.highWatermarkPercent(), 1, 100);
    Checks.range(
        "eviction.lowWatermarkPercent",
        eviction.lowWatermarkPercent(),
        0,
        eviction.highWatermarkPercent() - 1);
    for (String cidr : allowedOriginNetworks) {
      if (!cidr.matches("^[0-9a-fA-F:.]+/[0-9]{1,3}$")) {
        throw new ConfigException("allowedOriginNetworks", "expected CIDR, got '" + cidr + "'");
      }
    }
    Checks.range("maxConcurrentDownloads", maxConcurrentDownloads, 1, 1024);
    Checks.range("downloadStallTimeoutSeconds", downloadStallTimeoutSeconds, 1, 7 * 24 * 3600);
    Checks.range("drainGracePeriodSeconds", drainGracePeriodSeconds, 0, 3600);
    for (List<String> shards : trackers) {
      if (shards == null || shards.isEmpty()) {
        throw new ConfigException("trackers", "each catalog's list needs at least one shard URL");
      }
      Checks.httpUrls("trackers", shards);
    }
    Checks.range("heartbeatIntervalSeconds", heartbeatIntervalSeconds, 1, 3600);
    Checks.range("downloadConnectionsPerSource", downloadConnectionsPerSource, 1, 64);
    http.validate("http");
    Checks.range("finishedDownloadsKept", finishedDownloadsKept, 1, 10_000_000);
    Checks.range("maxQueuedDownloads", maxQueuedDownloads, 1, 1_000_000);
  }
}
