package dev.whirlwind.tracker.source;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.protocol.tracker.SourceInfo;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The federated HTTP sources of every content: cache daemons, registered by heartbeat with the
 * contents they hold whole, and third-party mirrors, set per content by the operator.
 *
 * <p>Ranking: healthy caches first, by probed latency (unprobed last among them), then mirrors that
 * passed a probe and stay under the extra-load bound, by probed throughput. A mirror's extra load
 * is estimated, since standard clients do not report bytes per source: {@code hand-outs in the last
 * window x expected client rate / probed throughput}.
 */
public final class SourceRegistry {
  /** A registered cache as its last heartbeat described it. */
  record Cache(
      String id,
      String baseUrl,
      String clientUrl,
      Set<ContentId> contents,
      long lastHeartbeatMillis) {
    String url(Audience who) {
      return who == Audience.CLIENTS ? clientUrl : baseUrl;
    }
  }

  private final ConcurrentHashMap<String, Cache> caches = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ContentId, Set<String>> mirrors = new ConcurrentHashMap<>();
  // Health of caches by base URL, of mirrors by URL, and of (cache, content) pairs whose bytes
  // were found wrong.
  private final ConcurrentHashMap<String, SourceHealth> health = new ConcurrentHashMap<>();
  private final Set<String> inconsistentPairs = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Deque<Long>> handouts = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long cacheExpiryMillis;
  private final long loadWindowMillis;
  private final double mirrorBoundPercent;
  private final long expectedClientRate;

  public SourceRegistry(
      Clock clock,
      int heartbeatIntervalSeconds,
      int loadWindowSeconds,
      int mirrorExtraLoadPercent,
      long expectedClientBytesPerSecond) {
    this.clock = clock;
    this.cacheExpiryMillis = 3L * heartbeatIntervalSeconds * 1000;
    this.loadWindowMillis = loadWindowSeconds * 1000L;
    this.mirrorBoundPercent = mirrorExtraLoadPercent;
    this.expectedClientRate = expectedClientBytesPerSecond;
  }

  public void heartbeat(String cacheId, CacheHeartbeat hb, Set<ContentId> contents) {
    String base = stripSlash(hb.baseUrl());
    caches.put(
        cacheId,
        new Cache(
            cacheId, base, stripSlash(hb.clientBaseUrl()), Set.copyOf(contents), clock.millis()));
    health.computeIfAbsent(base, k -> SourceHealth.trusted());
  }

  public boolean removeCache(String cacheId) {
    return caches.remove(cacheId) != null;
  }

  /** Replaces a content's mirrors (none removes its entry); true when it had some before. */
  public boolean setMirrors(ContentId id, List<String> urls) {
    Set<String> fresh = new LinkedHashSet<>(urls);
    Set<String> old = fresh.isEmpty() ? mirrors.remove(id) : mirrors.put(id, fresh);
    if (old != null) {
      for (String gone : old) {
        if (!fresh.contains(gone)) {
          health.remove(gone);
          handouts.remove(gone);
        }
      }
    }
    for (String url : fresh) {
      health.computeIfAbsent(url, k -> new SourceHealth());
    }
    return old != null && !old.isEmpty();
  }

  /** URL of a content at a cache, as web seeds use it: the name part is ignored by caches. */
  public static String cacheUrl(String baseUrl, ContentId id, String name) {
    return baseUrl + "/c/" + id.hex() + (name == null ? "" : "/" + name);
  }

  private List<Cache> liveCachesHolding(ContentId id) {
    long cutoff = clock.millis() - cacheExpiryMillis;
    List<Cache> out = new ArrayList<>();
    for (Cache c : caches.values()) {
      if (c.lastHeartbeatMillis() >= cutoff
          && c.contents().contains(id)
          && !inconsistentPairs.contains(pair(c.baseUrl(), id))) {
        out.add(c);
      }
    }
    return out;
  }

  /** Healthy caches holding the content, best first, by the URLs {@code who} reaches them at. */
  public List<Source> caches(ContentId id, String name, Audience who) {
    List<Source> out = new ArrayList<>();
    for (Cache c : liveCachesHolding(id)) {
      SourceHealth h = health.getOrDefault(c.baseUrl(), SourceHealth.trusted());
      if (h.healthy) {
        out.add(
            new Source(
                cacheUrl(c.url(who), id, name), true, h.latencyMillis, h.throughputBytesPerSecond));
      }
    }
    out.sort(
        Comparator.comparingLong(
            (Source s) -> s.latencyMillis() < 0 ? Long.MAX_VALUE : s.latencyMillis()));
    return out;
  }

  /** Mirrors that passed a probe and are under the extra-load bound, fastest first. */
  public List<Source> mirrors(ContentId id) {
    List<Source> out = new ArrayList<>();
    for (String url : mirrors.getOrDefault(id, Set.of())) {
      SourceHealth h = health.get(url);
      if (h != null
          && h.probed
          && h.healthy
          && estimatedExtraLoadPercent(url, h) < mirrorBoundPercent) {
        out.add(new Source(url, false, h.latencyMillis, h.throughputBytesPerSecond));
      }
    }
    out.sort(Comparator.comparingLong(Source::throughputBytesPerSecond).reversed());
    return out;
  }

  /** Counts one hand-out of each mirror in the list towards its estimated load. */
  public void handedOut(List<Source> sources) {
    long now = clock.millis();
    for (Source s : sources) {
      if (!s.cache()) {
        Deque<Long> d = handouts.computeIfAbsent(s.url(), k -> new ArrayDeque<>());
        synchronized (d) {
          d.addLast(now);
        }
      }
    }
  }

  private double estimatedExtraLoadPercent(String url, SourceHealth h) {
    Deque<Long> d = handouts.get(url);
    if (d == null || h.throughputBytesPerSecond <= 0) {
      return 0;
    }
    long cutoff = clock.millis() - loadWindowMillis;
    int active;
    synchronized (d) {
      while (!d.isEmpty() && d.peekFirst() < cutoff) {
        d.pollFirst();
      }
      active = d.size();
    }
    return 100.0 * active * expectedClientRate / h.throughputBytesPerSecond;
  }

  /**
   * Every source of a content with its health, dropped ones included, for the JSON report; caches
   * by the URLs {@code who} reaches them at.
   */
  public List<SourceInfo> report(ContentId id, String name, Audience who) {
    List<SourceInfo> out = new ArrayList<>();
    for (Cache c : caches.values()) {
      if (c.contents().contains(id)) {
        SourceHealth h = health.getOrDefault(c.baseUrl(), SourceHealth.trusted());
        boolean bad = inconsistentPairs.contains(pair(c.baseUrl(), id));
        boolean live = c.lastHeartbeatMillis() >= clock.millis() - cacheExpiryMillis;
        out.add(
            new SourceInfo(
                cacheUrl(c.url(who), id, name),
                "cache",
                h.healthy && !bad && live,
                h.latencyMillis,
                h.throughputBytesPerSecond,
                null,
                bad
                    ? "inconsistent: wrong bytes for this content"
                    : live ? h.droppedReason : "dead: missed heartbeats"));
      }
    }
    for (String url : mirrors.getOrDefault(id, Set.of())) {
      SourceHealth h = health.getOrDefault(url, new SourceHealth());
      out.add(
          new SourceInfo(
              url,
              "mirror",
              h.probed && h.healthy,
              h.latencyMillis,
              h.throughputBytesPerSecond,
              estimatedExtraLoadPercent(url, h),
              h.probed ? h.droppedReason : "not probed yet"));
    }
    return out;
  }

  // --- for the prober ---

  /** A probe to run: a URL and the content whose piece it should return. */
  record ProbeTarget(String url, String healthKey, ContentId content, boolean cache) {}

  List<ProbeTarget> probeTargets(java.util.function.Predicate<ContentId> hasPieces) {
    List<ProbeTarget> targets = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Cache c : caches.values()) {
      List<ContentId> held = new ArrayList<>(c.contents());
      held.removeIf(id -> !hasPieces.test(id));
      if (!held.isEmpty() && seen.add(c.baseUrl())) {
        ContentId pick =
            held.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(held.size()));
        // The name part marks the request as a probe, not a plain client: caches count plain
        // clients' bytes for the scheduler.
        targets.add(new ProbeTarget(cacheUrl(c.baseUrl(), pick, "probe"), c.baseUrl(), pick, true));
      }
    }
    for (Map.Entry<ContentId, Set<String>> e : mirrors.entrySet()) {
      for (String url : e.getValue()) {
        SourceHealth h = health.get(url);
        if (h != null && !h.inconsistent) {
          targets.add(new ProbeTarget(url, url, e.getKey(), false));
        }
      }
    }
    return targets;
  }

  void probeSucceeded(ProbeTarget t, long latencyMillis, long throughput) {
    health
        .computeIfAbsent(t.healthKey(), k -> new SourceHealth())
        .succeeded(latencyMillis, throughput);
  }

  void probeFailed(ProbeTarget t, String reason) {
    health.computeIfAbsent(t.healthKey(), k -> new SourceHealth()).failed(reason);
  }

  void probeFoundWrongBytes(ProbeTarget t, String reason) {
    if (t.cache()) {
      // One bad copy does not condemn the cache's other contents.
      inconsistentPairs.add(pair(t.healthKey(), t.content()));
    } else {
      health.computeIfAbsent(t.healthKey(), k -> new SourceHealth()).inconsistent(reason);
    }
  }

  private static String pair(String base, ContentId id) {
    return base + "|" + id.hex();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Whether a live cache holds the content or a mirror serves it (healthy or not). */
  public boolean held(ContentId id) {
    return !liveCachesHolding(id).isEmpty() || !mirrors.getOrDefault(id, Set.of()).isEmpty();
  }

  /** Ids of contents whose records some live cache says it holds. */
  public Set<ContentId> heldContents() {
    Set<ContentId> all = new HashSet<>();
    for (Cache c : caches.values()) {
      all.addAll(c.contents());
    }
    return all;
  }
}
