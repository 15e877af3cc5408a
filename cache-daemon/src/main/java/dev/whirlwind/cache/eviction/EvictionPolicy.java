package dev.whirlwind.cache.eviction;

import java.util.Comparator;
import java.util.List;

/**
 * Which contents go first when a node must free space: the order of candidates. Named
 * implementations are picked by the pool's {@code eviction.policy}. LFU is the default: on the seed
 * system's trace LFU beat LRU, which beat FIFO, because popularity is heavy-tailed.
 */
public interface EvictionPolicy {
  /** Candidates in eviction order, first out first. Pinned contents are never offered. */
  Comparator<Usage> order();

  static EvictionPolicy named(String name) {
    return switch (name) {
      case "lfu" ->
          () ->
              Comparator.comparingLong(Usage::hits)
                  .thenComparingLong(Usage::lastAccessMillis)
                  .thenComparing(u -> u.id().hex());
      case "lru" ->
          () -> Comparator.comparingLong(Usage::lastAccessMillis).thenComparing(u -> u.id().hex());
      case "fifo" ->
          () -> Comparator.comparingLong(Usage::storedAtMillis).thenComparing(u -> u.id().hex());
      default ->
          throw new IllegalArgumentException(
              "unknown eviction policy '" + name + "'; expected " + List.of("lfu", "lru", "fifo"));
    };
  }
}
