package dev.whirlwind.cache.shaping;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket in its "theoretical arrival time" form (GCRA), lock-free: taking {@code n} bytes
 * pushes the bucket's virtual clock forward by {@code n / rate}; a take is allowed while that clock
 * is at most {@code depth} ahead of now, so bursts are bounded by {@code depth} worth of the rate
 * (about 100 ms) and the long-run rate by {@code rate}.
 */
public final class TokenBucket {
  private final AtomicLong tat = new AtomicLong(Long.MIN_VALUE);
  private final LongSupplier nanoClock;
  private volatile long nanosPerByteScaled; // nanoseconds per byte, x 1024
  private volatile long depthNanos;
  private volatile long rateBytesPerSecond;

  public TokenBucket(long rateBytesPerSecond, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    setRate(rateBytesPerSecond);
  }

  public void setRate(long rateBytesPerSecond) {
    if (rateBytesPerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive, got " + rateBytesPerSecond);
    }
    this.rateBytesPerSecond = rateBytesPerSecond;
    this.nanosPerByteScaled = Math.max(1, (1_000_000_000L * 1024) / rateBytesPerSecond);
    this.depthNanos = 100_000_000L;
  }

  public long rateBytesPerSecond() {
    return rateBytesPerSecond;
  }

  /**
   * Whether the bucket runs at its rate: its virtual clock is more than half the depth ahead of
   * now, which only senders held back by this bucket keep it.
   */
  public boolean isSaturated() {
    long current = tat.get();
    return current != Long.MIN_VALUE && current - nanoClock.getAsLong() > depthNanos / 2;
  }

  /**
   * Takes {@code bytes} if the bucket allows it now.
   *
   * @return 0 when taken, else the nanoseconds to wait before trying again (nothing is taken)
   */
  public long tryTake(long bytes) {
    long cost = bytes * nanosPerByteScaled / 1024;
    while (true) {
      long now = nanoClock.getAsLong();
      long current = tat.get();
      long start = current == Long.MIN_VALUE ? now : Math.max(current, now);
      long next = start + cost;
      long ahead = next - now;
      // A slice larger than the whole depth is still let through alone, or it would never go.
      if (ahead > depthNanos && start > now) {
        return ahead - depthNanos;
      }
      if (tat.compareAndSet(current, next)) {
        return 0;
      }
    }
  }
}
