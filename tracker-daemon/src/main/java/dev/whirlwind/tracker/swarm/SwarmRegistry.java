package dev.whirlwind.tracker.swarm;

import dev.whirlwind.protocol.content.InfoHash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every swarm this tracker shard sees. Peers expire after {@code expiryIntervals} missed announce
 * intervals; swarms with no peers are forgotten a day after their last announce.
 */
public final class SwarmRegistry {
  private static final long FORGET_IDLE_MILLIS = 24 * 3600 * 1000L;
  private static final long KEY_SEED = new java.security.SecureRandom().nextLong();

  private final ConcurrentHashMap<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long expiryMillis;

  public SwarmRegistry(Clock clock, int announceIntervalSeconds, int expiryIntervals) {
    this.clock = clock;
    // One interval of slack on top: a client's timer and our sweep are not in phase.
    this.expiryMillis = (long) announceIntervalSeconds * (expiryIntervals + 1) * 1000L;
  }

  /** Records an announce and returns the swarm's counts with a sample of other peers. */
  public SwarmView announce(Announce a) {
    List<PeerAddress> addresses = new ArrayList<>(Math.max(0, Math.min(a.numwant(), 64)));
    List<byte[]> ids = new ArrayList<>(Math.max(0, Math.min(a.numwant(), 64)));
    SwarmCounts counts =
        announce(
            a,
            (ipv4, high, low, port, peerIds, idOffset) -> {
              addresses.add(PeerAddress.ofPacked(ipv4, high, low, port));
              ids.add(Arrays.copyOfRange(peerIds, idOffset, idOffset + PeerTable.ID_LENGTH));
              return true;
            });
    return new SwarmView(counts.seeders(), counts.leechers(), counts.completions(), addresses, ids);
  }

  /**
   * Records an announce and offers up to numwant other peers to {@code sink}, straight from the
   * swarm's records: the allocation-free path of the UDP tracker.
   */
  public SwarmCounts announce(Announce a, PeerSink sink) {
    long now = clock.millis();
    Swarm swarm = swarms.get(a.infoHash());
    if (swarm == null) {
      swarm = swarms.computeIfAbsent(a.infoHash(), h -> new Swarm(h, now));
    }
    return swarm.announce(a, keyDigest(a.key()), now, ThreadLocalRandom.current(), sink);
  }

  /**
   * Peers are matched by key through a 64-bit digest with a per-process random seed, so a record
   * holds no string; 0 means no key. Without the seed, an impostor who knows a peer id still has a
   * 2^-64 chance per try of presenting a key with the victim's digest.
   */
  static long keyDigest(String key) {
    if (key == null) {
      return 0;
    }
    long h = KEY_SEED;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
      h ^= h >>> 31;
    }
    h ^= key.length();
    h *= 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
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
    SwarmCounts c = s.counts();
    return new long[] {c.seeders(), c.leechers(), c.completions()};
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
      SwarmCounts c = s.counts();
      n += c.seeders() + c.leechers();
    }
    return n;
  }
}
