package dev.whirlwind.operator.locate;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the daemons of Whirlwind resources listen: "shard 2 of catalog X", "cache 1 of pool P",
 * "the transcoders of profile T" as base URLs. In a cluster these are DNS names ({@link
 * ClusterDnsLocator}); in tests and standalone mode, loopback addresses ({@link StaticLocator}).
 * Nothing else in the operator knows the difference. Every method may throw {@link
 * IllegalStateException} for a daemon it cannot place.
 */
public interface DaemonLocator {
  /** Base URL of one tracker shard; torrents of the contents it owns announce to it. */
  String trackerShard(String namespace, String catalog, int shard);

  /** Base URL clients reach the catalog's trackers at (documents, redirects). */
  String trackerService(String namespace, String catalog);

  /** Base URL of one cache node of a pool, as the trackers hand it out. */
  String cacheNode(String namespace, String pool, int ordinal);

  /** Base URL that reaches any ready cache of a pool. */
  String cacheService(String namespace, String pool);

  /** Base URLs of the transcoders running for a profile now (may be empty). */
  List<String> transcoders(String namespace, String profile);

  /**
   * Where the admin API of the tracker or cache at {@code baseUrl} (a URL this locator gave)
   * answers: its admin port in a cluster, where a NetworkPolicy keeps clients off it; the same URL
   * where a daemon has one port.
   */
  default String adminUrl(String baseUrl) {
    return baseUrl;
  }

  /** Every shard of a catalog, in shard order. */
  default List<String> trackerShards(String namespace, String catalog, int shards) {
    List<String> out = new ArrayList<>(shards);
    for (int k = 0; k < shards; k++) {
      out.add(trackerShard(namespace, catalog, k));
    }
    return out;
  }

  /** Every shard's admin API, in shard order: where a catalog's caches register and heartbeat. */
  default List<String> trackerShardAdminUrls(String namespace, String catalog, int shards) {
    return trackerShards(namespace, catalog, shards).stream().map(this::adminUrl).toList();
  }
}
