package dev.whirlwind.operator.catalog;

import dev.whirlwind.operator.catalog.CatalogObservation.CacheView;
import dev.whirlwind.protocol.cache.HeldContent;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's caches as one observation saw them: which answered, which take orders, who holds what.
 */
final class PoolView {
  final List<CacheView> reachable;
  final List<CacheView> ready;

  PoolView(CatalogObservation obs) {
    this.reachable = obs.caches().stream().filter(CacheView::reachable).toList();
    this.ready = obs.caches().stream().filter(CacheView::ready).toList();
  }

  /** The best {@code count} ready caches for a key (rendezvous hashing over their names). */
  List<CacheView> targets(String key, int count) {
    List<String> ranked = Rendezvous.top(key, ready.stream().map(CacheView::name).toList(), count);
    List<CacheView> out = new ArrayList<>();
    for (String name : ranked) {
      ready.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  /** How many caches a content should be on: its replicas, or every ready cache if fewer. */
  int wanted(int replicas) {
    return Math.min(replicas, Math.max(1, ready.size()));
  }

  boolean anyHolds(String contentId) {
    return reachable.stream().anyMatch(c -> c.holds(contentId));
  }

  long sizeOf(String contentId) {
    return reachable.stream()
        .flatMap(c -> c.held(contentId).stream())
        .findFirst()
        .map(HeldContent::sizeBytes)
        .orElse(0L);
  }
}
