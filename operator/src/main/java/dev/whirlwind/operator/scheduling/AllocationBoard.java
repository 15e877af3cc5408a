package dev.whirlwind.operator.scheduling;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The latest round of every pool. The scheduler posts here and the CachePool reconciler, the one
 * writer of a pool's status, reads it when the board tells it a round finished.
 */
public final class AllocationBoard {
  private final Map<String, AllocationReport> latest = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, String> listener = (ns, name) -> {};

  /** Called with (namespace, pool) after each round. */
  public void onRound(BiConsumer<String, String> listener) {
    this.listener = listener;
  }

  public void post(String namespace, String pool, AllocationReport report) {
    latest.put(namespace + "/" + pool, report);
    listener.accept(namespace, pool);
  }

  public Optional<AllocationReport> latest(String namespace, String pool) {
    return Optional.ofNullable(latest.get(namespace + "/" + pool));
  }
}
