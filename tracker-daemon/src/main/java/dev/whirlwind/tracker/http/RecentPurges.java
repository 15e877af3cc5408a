package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.content.ContentId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Contents purged a moment ago, which a heartbeat must not ask a cache to publish again: a cache
 * that still held one when it sent its heartbeat would otherwise bring the record back after the
 * operator purged it, and no one would purge it again once the cache deletes its copy. Bounded in
 * count and time; a new registration of the content clears it at once.
 */
final class RecentPurges {
  static final int MAX = 10_000;

  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<ContentId, Long> purgedAt = new LinkedHashMap<>();

  RecentPurges(long ttlNanos, LongSupplier nanoClock) {
    this.ttlNanos = ttlNanos;
    this.nanoClock = nanoClock;
  }

  synchronized void purged(ContentId id) {
    purgedAt.remove(id);
    purgedAt.put(id, nanoClock.getAsLong());
    if (purgedAt.size() > MAX) {
      purgedAt.remove(purgedAt.keySet().iterator().next());
    }
  }

  synchronized void registered(ContentId id) {
    purgedAt.remove(id);
  }

  synchronized boolean recentlyPurged(ContentId id) {
    long now = nanoClock.getAsLong();
    // Oldest first: drop what has expired.
    var it = purgedAt.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<ContentId, Long> e = it.next();
      if (now - e.getValue() < ttlNanos) {
        break;
      }
      it.remove();
    }
    return purgedAt.containsKey(id);
  }
}
