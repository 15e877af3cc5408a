package dev.whirlwind.tracker.swarm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The peers this tracker may hold across all swarms. A peer record costs about 100 bytes (more
 * while a swarm's arrays grow), so the budget is what bounds the heap a flood of fake peers can
 * take; see docs/TRACKER.md for the measured cost.
 */
final class PeerBudget {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  PeerBudget(long max) {
    this.max = max;
  }

  boolean tryTake() {
    if (used.incrementAndGet() > max) {
      used.decrementAndGet();
      return false;
    }
    return true;
  }

  void release(int n) {
    used.addAndGet(-n);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }
}
