package dev.whirlwind.operator.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduler loop schedules: the pools the operator reconciles and the catalogs that name
 * each, as their reconcilers last saw them. The loop reads no Kubernetes objects itself, so it runs
 * the same in a cluster and in standalone mode. Reconcilers come back at least every {@code
 * catalogs.readySeconds}; an entry not seen for {@code maxAge} belongs to a deleted resource and is
 * left out.
 */
public final class PoolRegistry {
  /**
   * One pool.
   *
   * @param key {@code namespace/name}
   * @param caches its node count
   * @param bandwidthBytesPerSecond each node's upload cap
   */
  public record Pool(
      String key, String namespace, String name, int caches, long bandwidthBytesPerSecond) {}

  /**
   * One catalog, as the scheduler needs it.
   *
   * @param pool the key of the pool it names
   * @param shardUrls its tracker shards
   * @param basicRateBytesPerSecond the per-leecher rate below which its swarms are hungry
   */
  public record Catalog(
      String key,
      String pool,
      List<String> shardUrls,
      int intervalSeconds,
      long basicRateBytesPerSecond,
      int ditherPercent) {}

  /** A pool with its catalogs, in name order. */
  public record Scheduled(Pool pool, List<Catalog> catalogs, String token) {
    /** The shortest interval its catalogs ask for. */
    public int intervalSeconds() {
      return catalogs.stream().mapToInt(Catalog::intervalSeconds).min().orElse(300);
    }

    /** The smallest dither its catalogs ask for: a zero-mean perturbation nobody objects to. */
    public int ditherPercent() {
      return catalogs.stream().mapToInt(Catalog::ditherPercent).min().orElse(0);
    }
  }

  private final Map<String, Pool> pools = new ConcurrentHashMap<>();
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration maxAge;

  public PoolRegistry(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  public void pool(Pool pool) {
    pools.put(pool.key(), pool);
    seen.put("pool/" + pool.key(), clock.instant());
  }

  public void removePool(String key) {
    pools.remove(key);
  }

  public void catalog(Catalog catalog) {
    catalogs.put(catalog.key(), catalog);
    seen.put("catalog/" + catalog.key(), clock.instant());
  }

  private boolean fresh(String key) {
    Instant at = seen.get(key);
    return at != null && !at.plus(maxAge).isBefore(clock.instant());
  }

  public void removeCatalog(String key) {
    catalogs.remove(key);
  }

  /** The namespace's admin token, as the reconcilers read it from its Secret. */
  public void token(String namespace, String token) {
    tokens.put(namespace, token);
  }

  /** Every pool that at least one catalog names, with those catalogs. */
  public List<Scheduled> scheduled() {
    List<Scheduled> out = new ArrayList<>();
    for (Pool p : new TreeMap<>(pools).values()) {
      if (!fresh("pool/" + p.key())) {
        continue;
      }
      List<Catalog> named =
          new TreeMap<>(catalogs)
              .values().stream()
                  .filter(c -> c.pool().equals(p.key()) && fresh("catalog/" + c.key()))
                  .toList();
      String token = tokens.get(p.namespace());
      if (!named.isEmpty() && token != null) {
        out.add(new Scheduled(p, named, token));
      }
    }
    return out;
  }
}
