package dev.whirlwind.tracker.content;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalogs' videos registered with this shard, by content id. Kept in memory only: the operator
 * registers again whatever a restarted shard's listing lacks. Bounded, since only an admin-token
 * holder can add to it, but a runaway one must not exhaust the heap.
 */
public final class ContentRegistrations {
  /** The bound is reached: a new content is refused, known ones may still be replaced. */
  public static final class Full extends RuntimeException {
    Full(String message) {
      super(message, null, false, false);
    }
  }

  private final ConcurrentHashMap<ContentId, ContentRegistration> byContent =
      new ConcurrentHashMap<>();
  private final int max;

  public ContentRegistrations(int max) {
    this.max = max;
  }

  /** Registers or replaces; true when the content was not registered before. */
  public synchronized boolean put(ContentId id, ContentRegistration registration) {
    if (!byContent.containsKey(id) && byContent.size() >= max) {
      throw new Full("this shard holds its limit of " + max + " registered contents");
    }
    return byContent.put(id, registration) == null;
  }

  public Optional<ContentRegistration> get(ContentId id) {
    return Optional.ofNullable(byContent.get(id));
  }

  public boolean remove(ContentId id) {
    return byContent.remove(id) != null;
  }

  /** Every registration, ordered by content id. */
  public Map<ContentId, ContentRegistration> all() {
    Map<ContentId, ContentRegistration> sorted =
        new TreeMap<>(java.util.Comparator.comparing(ContentId::hex));
    sorted.putAll(byContent);
    return sorted;
  }

  public int size() {
    return byContent.size();
  }
}
