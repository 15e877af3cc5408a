package dev.whirlwind.operator.locate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Daemons at addresses given up front: loopback ports in tests and in standalone mode. Asking for a
 * daemon that was never placed is an {@link IllegalStateException} naming it, which the operator
 * treats like an unreachable daemon.
 */
public final class StaticLocator implements DaemonLocator {
  private final Map<String, String> urls = new ConcurrentHashMap<>();
  private final Map<String, List<String>> transcoders = new ConcurrentHashMap<>();
  private final Map<String, String> adminUrls = new ConcurrentHashMap<>();

  public StaticLocator trackerShard(String namespace, String catalog, int shard, String url) {
    urls.put(key("tracker", namespace, catalog, shard), url);
    return this;
  }

  public StaticLocator cacheNode(String namespace, String pool, int ordinal, String url) {
    urls.put(key("cache", namespace, pool, ordinal), url);
    return this;
  }

  public StaticLocator transcoders(String namespace, String profile, List<String> baseUrls) {
    transcoders.put(namespace + "/" + profile, List.copyOf(baseUrls));
    return this;
  }

  /** The daemon placed at {@code baseUrl} answers its admin API at {@code adminUrl}. */
  public StaticLocator adminUrl(String baseUrl, String adminUrl) {
    adminUrls.put(baseUrl, adminUrl);
    return this;
  }

  @Override
  public String adminUrl(String baseUrl) {
    return adminUrls.getOrDefault(baseUrl, baseUrl);
  }

  private static String key(String kind, String namespace, String name, int index) {
    return kind + "/" + namespace + "/" + name + "/" + index;
  }

  private String placed(String kind, String namespace, String name, int index) {
    String url = urls.get(key(kind, namespace, name, index));
    if (url == null) {
      throw new IllegalStateException(
          "no address for " + kind + " " + index + " of " + namespace + "/" + name);
    }
    return url;
  }

  @Override
  public String trackerShard(String namespace, String catalog, int shard) {
    return placed("tracker", namespace, catalog, shard);
  }

  /** The first shard: with loopback addresses there is no load balancer in front of them. */
  @Override
  public String trackerService(String namespace, String catalog) {
    return trackerShard(namespace, catalog, 0);
  }

  @Override
  public String cacheNode(String namespace, String pool, int ordinal) {
    return placed("cache", namespace, pool, ordinal);
  }

  @Override
  public String cacheService(String namespace, String pool) {
    return cacheNode(namespace, pool, 0);
  }

  @Override
  public List<String> transcoders(String namespace, String profile) {
    return transcoders.getOrDefault(namespace + "/" + profile, List.of());
  }
}
