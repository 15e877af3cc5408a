package dev.whirlwind.tracker.source;

/**
 * What the last ranged probes said of one source. A source is handed out while healthy; three
 * failures in a row make it dead (probed again later, and back when it answers), wrong bytes make
 * it inconsistent (dropped until it is registered again).
 */
final class SourceHealth {
  static final int DEAD_AFTER_FAILURES = 3;

  volatile boolean probed;
  volatile boolean healthy;
  volatile boolean inconsistent;
  volatile long latencyMillis = -1;
  volatile long throughputBytesPerSecond = -1;
  volatile int consecutiveFailures;
  volatile String droppedReason;

  /** Caches are trusted until a probe says otherwise: they verified what they publish. */
  static SourceHealth trusted() {
    SourceHealth h = new SourceHealth();
    h.healthy = true;
    return h;
  }

  synchronized void succeeded(long latencyMillis, long throughput) {
    probed = true;
    this.latencyMillis = latencyMillis;
    this.throughputBytesPerSecond = throughput;
    consecutiveFailures = 0;
    if (!inconsistent) {
      healthy = true;
      droppedReason = null;
    }
  }

  synchronized void failed(String reason) {
    probed = true;
    consecutiveFailures++;
    if (consecutiveFailures >= DEAD_AFTER_FAILURES) {
      healthy = false;
      droppedReason = "dead: " + reason;
    }
  }

  synchronized void inconsistent(String reason) {
    probed = true;
    healthy = false;
    inconsistent = true;
    droppedReason = "inconsistent: " + reason;
  }
}
