package dev.whirlwind.server;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Liveness of a daemon's event loops: each loop stamps a beat every second; a loop whose last beat
 * is older than the stall bound is dead or blocked, and {@code /healthz} says so, so the kubelet
 * restarts a daemon that can no longer serve instead of leaving it "healthy and idle".
 */
public final class EventLoopWatch {
  private final List<EventExecutor> loops = new ArrayList<>();
  private final AtomicLongArray beats;
  private final long stallNanos;

  public EventLoopWatch(EventLoopGroup group, int stallSeconds) {
    for (EventExecutor e : group) {
      loops.add(e);
    }
    beats = new AtomicLongArray(loops.size());
    stallNanos = TimeUnit.SECONDS.toNanos(stallSeconds);
    long now = System.nanoTime();
    for (int i = 0; i < loops.size(); i++) {
      int index = i;
      beats.set(i, now);
      loops
          .get(i)
          .scheduleAtFixedRate(() -> beats.set(index, System.nanoTime()), 0, 1, TimeUnit.SECONDS);
    }
  }

  /** A reason the daemon is not live, or empty. */
  public Optional<String> problem() {
    long now = System.nanoTime();
    for (int i = 0; i < loops.size(); i++) {
      if (loops.get(i).isShuttingDown()) {
        continue;
      }
      long age = now - beats.get(i);
      if (age > stallNanos) {
        return Optional.of(
            "event loop " + i + " has not run for " + TimeUnit.NANOSECONDS.toSeconds(age) + " s");
      }
    }
    return Optional.empty();
  }
}
