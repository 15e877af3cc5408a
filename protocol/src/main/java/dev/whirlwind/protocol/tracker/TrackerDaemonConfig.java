package dev.whirlwind.protocol.tracker;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.Doc;
import dev.whirlwind.protocol.config.HttpLimits;
import dev.whirlwind.protocol.config.ValidatedConfig;
import java.util.List;

/**
 * Configuration of a tracker daemon (one shard). The operator renders it into the catalog's
 * ConfigMap; the daemon reads it with {@link dev.whirlwind.protocol.config.ConfigLoader}.
 */
public record TrackerDaemonConfig(
    @Doc("Address the HTTP and UDP servers bind; :: serves IPv4 and IPv6.") String bindAddress,
    @Doc(
            "HTTP port: announce, scrape, client documents, health and metrics; the admin API too"
                + " unless adminPort is set.")
        int httpPort,
    @Doc(
            "Port of the admin API (and everything else), for the operator and the other daemons"
                + " only; 0 serves the admin API on httpPort.")
        int adminPort,
    @Doc("UDP tracker port (BEP 15); 0 disables the UDP tracker.") int udpPort,
    @Doc("Netty transport: io_uring, epoll or nio; falls back in that order.") String transport,
    @Doc("Event loop threads; 0 means one per core.") int ioThreads,
    @Doc("Seconds between announces handed to clients.") int announceIntervalSeconds,
    @Doc("Minimum seconds between announces handed to clients.") int minAnnounceIntervalSeconds,
    @Doc("A peer that missed this many announce intervals is dropped.") int peerExpiryIntervals,
    @Doc("Peers returned when a client does not say how many it wants.") int defaultNumwant,
    @Doc("Most peers returned to one announce.") int maxNumwant,
    @Doc("Most info-hashes in one scrape.") int maxScrapeInfoHashes,
    @Doc("Directory for the UDP connection-id secret and other state kept across restarts.")
        String stateDir,
    @Doc("File holding the bearer token of the admin API.") String adminTokenFile,
    @Doc("Seconds between caches' heartbeats; a cache missing three is dropped.")
        int cacheHeartbeatIntervalSeconds,
    @Doc("Seconds between ranged health probes of each source.") int probeIntervalSeconds,
    @Doc("Bound on a third-party mirror's estimated extra utilisation, percent.")
        int mirrorExtraLoadPercent,
    @Doc("Download rate assumed per client handed a mirror, bytes per second (for the estimate).")
        long expectedClientBytesPerSecond,
    @Doc("This shard's index, 0-based.") int shardIndex,
    @Doc(
            "Tracker URLs of every shard, in shard order; a content is announced to shard"
                + " hash(contentId) mod their number.")
        List<String> shardUrls,
    @Doc(
            "Every shard's URL as clients of the client port get it (announce URLs, the"
                + " Metalink's torrent link), in shard order, when they cannot use shardUrls, as"
                + " clients outside a cluster; empty means shardUrls.")
        List<String> clientShardUrls,
    @Doc("Catalog videos registered with this shard at most; further new ones are refused.")
        int maxRegistrations,
    @Doc("Swarms tracked at most; announces that would add one past it are refused.") int maxSwarms,
    @Doc("Peers held at most across all swarms; new peers past it are refused.") long maxPeers,
    HttpLimits http,
    WebSocketTrackerConfig webSocket)
    implements ValidatedConfig {

  public static final List<String> TRANSPORTS = List.of("io_uring", "epoll", "nio");

  public static TrackerDaemonConfig defaults() {
    return new TrackerDaemonConfig(
        "0.0.0.0",
        6969,
        0,
        6969,
        "epoll",
        0,
        300,
        60,
        2,
        50,
        200,
        64,
        "/var/lib/whirlwind-tracker",
        "/var/run/whirlwind/admin-token",
        30,
        60,
        40,
        262_144,
        0,
        List.of("http://127.0.0.1:6969"),
        List.of(),
        100_000,
        100_000,
        1_000_000,
        HttpLimits.defaults(32_768, 1024),
        WebSocketTrackerConfig.defaults());
  }

  @Override
  public void validate() {
    Checks.notBlank("bindAddress", bindAddress);
    Checks.range("httpPort", httpPort, 0, 65535);
    Checks.range("adminPort", adminPort, 0, 65535);
    Checks.distinctPorts("adminPort", adminPort, "httpPort", httpPort);
    Checks.range("udpPort", udpPort, 0, 65535);
    Checks.oneOf("transport", transport, TRANSPORTS);
    Checks.range("ioThreads", ioThreads, 0, 1024);
    Checks.range("announceIntervalSeconds", announceIntervalSeconds, 10, 3600);
    Checks.range(
        "minAnnounceIntervalSeconds", minAnnounceIntervalSeconds, 1, announceIntervalSeconds);
    Checks.range("peerExpiryIntervals", peerExpiryIntervals, 1, 10);
    Checks.range("maxNumwant", maxNumwant, 1, 2000);
    Checks.range("defaultNumwant", defaultNumwant, 0, maxNumwant);
    Checks.range("maxScrapeInfoHashes", maxScrapeInfoHashes, 1, 1000);
    Checks.notBlank("stateDir", stateDir);
    Checks.notBlank("adminTokenFile", adminTokenFile);
    Checks.range("cacheHeartbeatIntervalSeconds", cacheHeartbeatIntervalSeconds, 1, 3600);
    Checks.range("probeIntervalSeconds", probeIntervalSeconds, 1, 86400);
    Checks.range("mirrorExtraLoadPercent", mirrorExtraLoadPercent, 0, 100);
    Checks.range("expectedClientBytesPerSecond", expectedClientBytesPerSecond, 1, Long.MAX_VALUE);
    Checks.httpUrls("shardUrls", shardUrls);
    if (shardUrls.isEmpty()) {
      throw new dev.whirlwind.protocol.config.ConfigException(
          "shardUrls", "must name at least this shard");
    }
    Checks.range("shardIndex", shardIndex, 0, shardUrls.size() - 1);
    if (clientShardUrls != null && !clientShardUrls.isEmpty()) {
      Checks.httpUrls("clientShardUrls", clientShardUrls);
      if (clientShardUrls.size() != shardUrls.size()) {
        throw new dev.whirlwind.protocol.config.ConfigException(
            "clientShardUrls",
            "names "
                + clientShardUrls.size()
                + " shards, shardUrls "
                + shardUrls.size()
                + ": one URL per shard, in the same order");
      }
    }
    Checks.range("maxRegistrations", maxRegistrations, 1, 10_000_000);
    Checks.range("maxSwarms", maxSwarms, 1, 100_000_000);
    Checks.range("maxPeers", maxPeers, 1, 1_000_000_000);
    http.validate("http");
    webSocket.validate("webSocket");
    if (webSocket.port() != 0) {
      Checks.distinctPorts("webSocket.port", webSocket.port(), "httpPort", httpPort);
      Checks.distinctPorts("webSocket.port", webSocket.port(), "adminPort", adminPort);
    }
  }
}
