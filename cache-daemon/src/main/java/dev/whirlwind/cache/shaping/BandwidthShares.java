package dev.whirlwind.cache.shaping;

import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.content.ContentId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rates this node serves at: one bucket per content (the scheduler's share, or the pool's
 * default until it sets one) and one for the whole node. No share is below 16 KiB/s, so no transfer
 * stalls.
 */
public final class BandwidthShares {
  private final ConcurrentHashMap<ContentId, TokenBucket> contents = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ContentId, Long> assigned = new ConcurrentHashMap<>();
  private final TokenBucket node;
  private final LongSupplier nanoClock;
  private volatile long defaultRate;

  public BandwidthShares(long nodeRate, long defaultRate, LongSupplier nanoClock) {
    this.node = new TokenBucket(nodeRate, nanoClock);
    this.defaultRate = defaultRate;
    this.nanoClock = nanoClock;
  }

  public TokenBucket node() {
    return node;
  }

  public TokenBucket of(ContentId id) {
    return contents.computeIfAbsent(
        id, k -> new TokenBucket(assigned.getOrDefault(k, defaultRate), nanoClock));
  }

  /** Replaces every share; contents not named go back to the default rate. */
  public void set(Map<ContentId, Long> shares) {
    for (Map.Entry<ContentId, Long> e : shares.entrySet()) {
      long rate = Math.max(CacheDaemonConfig.MIN_SHARE_BYTES_PER_SECOND, e.getValue());
      assigned.put(e.getKey(), rate);
      of(e.getKey()).setRate(rate);
    }
    for (ContentId id : assigned.keySet()) {
      if (!shares.containsKey(id)) {
        assigned.remove(id);
        TokenBucket b = contents.get(id);
        if (b != null) {
          b.setRate(defaultRate);
        }
      }
    }
  }

  public Map<ContentId, Long> assigned() {
    return Map.copyOf(assigned);
  }
}
