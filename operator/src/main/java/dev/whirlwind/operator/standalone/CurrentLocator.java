package dev.whirlwind.operator.standalone;

import dev.whirlwind.operator.locate.DaemonLocator;
import dev.whirlwind.operator.locate.StaticLocator;
import java.util.List;

/**
 * The locator of the manifests' current revision: an edit that adds a cache or a catalog places new
 * daemons, and the catalog driver and scheduler, made once, find them from the next round on.
 */
final class CurrentLocator implements DaemonLocator {
  private volatile DaemonLocator current = new StaticLocator();

  void set(StaticLocator locator) {
    current = locator;
  }

  @Override
  public String trackerShard(String namespace, String catalog, int shard) {
    return current.trackerShard(namespace, catalog, shard);
  }

  @Override
  public String trackerService(String namespace, String catalog) {
    return current.trackerService(namespace, catalog);
  }

  @Override
  public String cacheNode(String namespace, String pool, int ordinal) {
    return current.cacheNode(namespace, pool, ordinal);
  }

  @Override
  public String cacheService(String namespace, String pool) {
    return current.cacheService(namespace, pool);
  }

  @Override
  public String adminUrl(String baseUrl) {
    return current.adminUrl(baseUrl);
  }

  @Override
  public List<String> transcoders(String namespace, String profile) {
    return current.transcoders(namespace, profile);
  }
}
