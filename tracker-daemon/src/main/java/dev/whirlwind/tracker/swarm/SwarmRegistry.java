package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every swarm this tracker shard sees. Peers expire after {@code expiryIntervals} missed announce
 * intervals; swarms with no peers are forgotten a day after their last announce.
 */
public final class SwarmRegistry {
  private static final long FORGET_IDLE_MILLIS = 24 * 3600 * 1000L;

  private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long expiryMillis;

  public SwarmRegistry(Clock clock, int announceIntervalSeconds, int expiryIntervals) {
    this.clock = clock;
    // One interval of slack on top: a client's timer and our sweep are not in phase.
    this.expiryMillis = (long) announceIntervalSeconds * (expiryIntervals + 1) * 1000L;
  }

  public SwarmView announce(Announce a) {
    long now = clock.millis();
    Swarm swarm = swarms.get(a.infoHash());
    if (swarm == null) {
      swarm = swarms.computeIfAbsent(a.infoHash(), h -> new Swarm(h, now));
    }
    return swarm.announce(a, now, ThreadLocalRandom.current());
  }

  /**
   * Bytes a cache served to plain HTTP clients that never announce: they count towards the swarm's
   * download rate, so the scheduler is not blind to them.
   */
  public void addPlainHttpBytes(InfoHash infoHash, long bytes) {
    if (bytes > 0) {
      long now = clock.millis();
      swarms.computeIfAbsent(infoHash, h -> new Swarm(h, now)).addDownloaded(bytes);
    }
  }

  /** Seeders, leechers and completions of one swarm; zeros for an unknown one. */
  public long[] scrape(InfoHash infoHash) {
    Swarm s = swarms.get(infoHash);
    if (s == null) {
      return new long[] {0, 0, 0};
    }
    int[] counts = s.counts();
    return new long[] {counts[0], counts[1], s.completions()};
  }

  /** Expires peers, closes every swarm's sampling window and forgets long-idle swarms. */
  public int sweep() {
    long now = clock.millis();
    int expired = 0;
    for (Swarm s : swarms.values()) {
      expired += s.expire(now - expiryMillis);
      s.sample(now);
      if (s.isIdleSince(now - FORGET_IDLE_MILLIS)) {
        swarms.remove(s.infoHash, s);
      }
    }
    return expired;
  }

  public List<SwarmStats> stats() {
    List<SwarmStats> out = new ArrayList<>(swarms.size());
    for (Swarm s : swarms.values()) {
      out.add(s.stats());
    }
    return out;
  }

  public SwarmStats stats(InfoHash infoHash) {
    Swarm s = swarms.get(infoHash);
    return s == null ? null : s.stats();
  }

  public int swarmCount() {
    return swarms.size();
  }

  public long peerCount() {
    long n = 0;
    for (Swarm s : swarms.values()) {
      int[] c = s.counts();
      n += c[0] + c[1];
    }
    return n;
  }
}
