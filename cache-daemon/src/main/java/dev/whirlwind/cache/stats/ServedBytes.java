package dev.whirlwind.cache.stats;

import dev.whirlwind.protocol.content.ContentId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes served per content since the last heartbeat, split into all bytes (the content's upload
 * rate, the scheduler's S_i) and bytes to plain HTTP clients. Web seeds ask for {@code
 * /c/{id}/{name}} and count what they get in their announced {@code downloaded}; a plain client
 * asks for {@code /c/{id}} and never announces, so its bytes are reported separately and the
 * scheduler's D_i is not blind to them.
 */
public final class ServedBytes {
  private static final class Counters {
    final LongAdder all = new LongAdder();
    final LongAdder plain = new LongAdder();
  }

  /** What one heartbeat reports: bytes per content over the period, all and plain HTTP. */
  public record Period(Map<String, Long> all, Map<String, Long> plain) {}

  private final ConcurrentHashMap<ContentId, Counters> counters = new ConcurrentHashMap<>();
  // Since start, per content held: what the scheduler differences into S_i. Never drained.
  private final ConcurrentHashMap<ContentId, LongAdder> sinceStart = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  public void add(ContentId id, long bytes, boolean plainHttp) {
    Counters c = counters.computeIfAbsent(id, k -> new Counters());
    c.all.add(bytes);
    if (plainHttp) {
      c.plain.add(bytes);
    }
    sinceStart.computeIfAbsent(id, k -> new LongAdder()).add(bytes);
    total.add(bytes);
  }

  /** Bytes of one content served since the daemon started. */
  public long sinceStart(ContentId id) {
    LongAdder a = sinceStart.get(id);
    return a == null ? 0 : a.sum();
  }

  /** A content this node no longer holds: its running total goes. */
  public void forget(ContentId id) {
    sinceStart.remove(id);
  }

  public long total() {
    return total.sum();
  }

  /** The bytes since the last call, and a fresh start. */
  public Period drain() {
    Map<String, Long> all = new HashMap<>();
    Map<String, Long> plain = new HashMap<>();
    for (Map.Entry<ContentId, Counters> e : counters.entrySet()) {
      long a = e.getValue().all.sumThenReset();
      long p = e.getValue().plain.sumThenReset();
      if (a > 0) {
        all.put(e.getKey().hex(), a);
      }
      if (p > 0) {
        plain.put(e.getKey().hex(), p);
      }
      if (a == 0 && p == 0) {
        counters.remove(e.getKey(), e.getValue());
      }
    }
    return new Period(all, plain);
  }
}
