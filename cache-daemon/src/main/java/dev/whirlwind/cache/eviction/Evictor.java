package dev.whirlwind.cache.eviction;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node within its capacity: when storing {@code incoming} more bytes would pass the high
 * watermark, contents are evicted in the policy's order until the store is down to the low
 * watermark with room for them. Pinned contents are never evicted; every eviction deregisters. Hits
 * are counted in memory: after a restart every content starts equal.
 */
public final class Evictor {
  private static final Logger LOG = LoggerFactory.getLogger(Evictor.class);

  private final ContentStore store;
  private final EvictionPolicy policy;
  private final long capacityBytes;
  private final int highPercent;
  private final int lowPercent;
  private final Clock clock;
  private final Consumer<ContentId> evicted;
  private final ConcurrentHashMap<ContentId, AtomicLong> hits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ContentId, Long> lastAccess = new ConcurrentHashMap<>();

  public Evictor(
      ContentStore store,
      EvictionPolicy policy,
      long capacityBytes,
      int highWatermarkPercent,
      int lowWatermarkPercent,
      Clock clock,
      Consumer<ContentId> evicted) {
    this.store = store;
    this.policy = policy;
    this.capacityBytes = capacityBytes;
    this.highPercent = highWatermarkPercent;
    this.lowPercent = lowWatermarkPercent;
    this.clock = clock;
    this.evicted = evicted;
  }

  /** Counts a request for a content (cheap: called on the serving path). */
  public void hit(ContentId id) {
    hits.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
    lastAccess.put(id, clock.millis());
  }

  /**
   * Frees room for {@code incoming} bytes if needed.
   *
   * @return whether they fit now (false when pinned contents alone fill the node)
   */
  public synchronized boolean makeRoom(long incoming) {
    if (capacityBytes <= 0) {
      return true;
    }
    long used = store.usedBytes();
    if (used + incoming <= capacityBytes * highPercent / 100) {
      return true;
    }
    long target = Math.max(0, capacityBytes * lowPercent / 100 - incoming);
    List<Usage> candidates = new ArrayList<>();
    for (StoredContent c : store.all()) {
      if (!c.pinned()) {
        ContentId id = new ContentId(c.contentId());
        AtomicLong h = hits.get(id);
        candidates.add(
            new Usage(
                id,
                c.sizeBytes(),
                h == null ? 0 : h.get(),
                lastAccess.getOrDefault(id, c.storedAtMillis()),
                c.storedAtMillis(),
                false));
      }
    }
    candidates.sort(policy.order());
    for (Usage u : candidates) {
      if (used <= target) {
        break;
      }
      try {
        if (store.remove(u.id())) {
          used -= u.sizeBytes();
          hits.remove(u.id());
          lastAccess.remove(u.id());
          LOG.info("evicted {} ({} bytes, {} hits)", u.id(), u.sizeBytes(), u.hits());
          evicted.accept(u.id());
        }
      } catch (IOException e) {
        LOG.warn("evicting {} failed: {}", u.id(), e.getMessage());
      }
    }
    return used + incoming <= capacityBytes;
  }
}
